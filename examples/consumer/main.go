// Command consumer is a service that imports the SDK the way any other module
// would. It creates, gets and deletes a segment at VOUCHERIFY_API_URL with the
// environment's credentials. The footprint check builds it to show what the SDK
// costs an importer; its test runs it against the official Voucherify spec.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/voucherify-go/segments"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client, err := segments.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	if err := run(ctx, client); err != nil {
		log.Fatal(err)
	}
}

// run makes the round trip and checks each answer.
func run(ctx context.Context, client *segments.Client) error {
	static, err := client.Create(ctx, segments.CreateParams{
		Name:      "Customers in a new Segment",
		Type:      segments.TypeStatic,
		Customers: []string{"cust_iajsExT2QB4sGWzABY85WRqV", "cust_sehkNIi8Uq2qQuRqSr7xn4Zi"},
	})
	if err != nil {
		return fmt.Errorf("create static: %w", err)
	}
	fmt.Println("created", static.ID, static.Type)

	dynamic, err := client.Create(ctx, segments.CreateParams{
		Name: "Customers in a new Dynamic Segment",
		Type: segments.TypeAutoUpdate,
		Filter: segments.Filter{
			"junction":   "and",
			"created_at": map[string]any{"conditions": map[string]any{"$after": []string{"2021-12-01T00:00:00.000Z"}}},
		},
	})
	if err != nil {
		return fmt.Errorf("create auto-update: %w", err)
	}
	fmt.Println("created", dynamic.ID, dynamic.Type)

	got, err := client.Get(ctx, static.ID)
	if err != nil {
		return fmt.Errorf("get: %w", err)
	}
	fmt.Println("got", got.ID, got.Name)

	if err := client.Delete(ctx, static.ID); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	fmt.Println("deleted", static.ID)

	if _, err := client.Get(ctx, static.ID); !errors.Is(err, segments.ErrNotFound) {
		return fmt.Errorf("get after delete: got %w, want not found", err)
	}
	fmt.Println("gone", static.ID)
	return nil
}
