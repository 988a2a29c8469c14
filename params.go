package segments

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// CreateParams describes a segment to create.
type CreateParams struct {
	// Name is the segment's name; required.
	Name string
	// Type is TypeStatic, TypeAutoUpdate or TypePassive; required.
	Type Type
	// Customers are the customer IDs of a static segment, at most
	// MaxStaticCustomers. Static segments only.
	Customers []string
	// Filter selects the customers of an auto-update or passive segment;
	// required for those types and refused for static ones. Build it with And
	// or Or, or write it by hand; either way it is checked by ValidateFilter
	// before sending.
	Filter Filter
}

// validate checks p as the API would, so that a bad request is refused before
// it is sent.
func (p CreateParams) validate() error {
	if strings.TrimSpace(p.Name) == "" {
		return &ValidationError{Field: "Name", Reason: "must not be empty"}
	}
	if bad := invalidText(p.Name); bad != "" {
		return &ValidationError{Field: "Name", Reason: bad}
	}
	switch p.Type {
	case TypeStatic:
		if p.Filter != nil {
			return &ValidationError{Field: "Filter", Reason: "a static segment takes no filter; use Customers, or type auto-update or passive"}
		}
		if n := len(p.Customers); n > MaxStaticCustomers {
			return &ValidationError{
				Field: "Customers",
				Reason: fmt.Sprintf("a static segment holds at most %d customers, got %d; for a bigger group create an auto-update (or passive) segment with a Filter on customer data, such as metadata",
					MaxStaticCustomers, n),
				cause: ErrTooManyCustomers,
			}
		}
		for i, id := range p.Customers {
			if blank(id) {
				return &ValidationError{Field: "Customers", Reason: fmt.Sprintf("customer ID at index %d is empty", i)}
			}
			if !utf8.ValidString(id) {
				return &ValidationError{Field: "Customers", Reason: fmt.Sprintf("customer ID at index %d %s", i, invalidText(id))}
			}
		}
	case TypeAutoUpdate, TypePassive:
		if len(p.Customers) > 0 {
			return &ValidationError{Field: "Customers", Reason: fmt.Sprintf("a %s segment takes no customer list; its Filter selects the customers", p.Type)}
		}
		if err := filterParamError(p.Type, p.Filter); err != nil {
			return err
		}
	case "":
		return &ValidationError{Field: "Type", Reason: "must be static, auto-update or passive"}
	default:
		return &ValidationError{Field: "Type", Reason: fmt.Sprintf("unknown type %q: must be static, auto-update or passive", string(p.Type))}
	}
	return nil
}

// validateID refuses an ID (of the parameter field) that would not name a single
// resource once put in the path: empty, or "." and "..", which URL resolution
// turns into another path. Everything else is percent-encoded as one path
// segment.
func validateID(field, id string) error {
	switch strings.TrimSpace(id) {
	case "":
		return &ValidationError{Field: field, Reason: "must not be empty"}
	case ".", "..":
		return &ValidationError{Field: field, Reason: fmt.Sprintf("%q is not an ID", id)}
	}
	if bad := invalidText(id); bad != "" {
		return &ValidationError{Field: field, Reason: bad}
	}
	return nil
}

// invalidText says why s cannot be sent as text, or "" when it can: JSON and
// percent-encoding would send bytes that are not UTF-8 as U+FFFD or as they
// are, so two different IDs could reach the API as one.
func invalidText(s string) string {
	if utf8.ValidString(s) {
		return ""
	}
	return fmt.Sprintf("is not valid UTF-8 (%q)", s)
}

// blank reports whether s is empty or only white space. An ID that starts with
// a printable ASCII character is not: the check runs on every customer of a
// static segment, up to 20,000 of them, without a scan.
func blank(s string) bool {
	if s != "" && s[0] > ' ' && s[0] < utf8.RuneSelf {
		return false
	}
	return strings.TrimSpace(s) == ""
}
