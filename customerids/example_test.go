package customerids_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/voucherify-go/segments/customerids"
)

// A semicolon export from a spreadsheet: the ID column is found by its header,
// the blank line skipped and the repeated customer dropped.
func ExampleRead() {
	export := "email;Customer ID;name\n" +
		"anna@example.com;cust_iajsExT2QB4sGWzABY85WRqV;Anna\n" +
		"\n" +
		"ben@example.com;cust_sehkNIi8Uq2qQuRqSr7xn4Zi;Ben\n" +
		"anna@example.com;cust_iajsExT2QB4sGWzABY85WRqV;Anna\n"
	ids, report, err := customerids.Read(strings.NewReader(export))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ids)
	fmt.Printf("column %q, %d lines, %d duplicate, %d blank\n", report.Column, report.Lines, report.Duplicates, report.Blanks)
	// Output:
	// [cust_iajsExT2QB4sGWzABY85WRqV cust_sehkNIi8Uq2qQuRqSr7xn4Zi]
	// column "Customer ID", 5 lines, 1 duplicate, 1 blank
}

// A list it cannot read without guessing is refused, with the line.
func ExampleRead_refused() {
	_, _, err := customerids.Read(strings.NewReader("id,customer_id\n1,cust_1\n"))
	var le *customerids.Error
	if errors.As(err, &le) {
		fmt.Println(le.Line, le.Reason)
	}
	// Output:
	// 1 two columns could hold the customer IDs: "id" (column 1) and "customer_id" (column 2); keep one
}
