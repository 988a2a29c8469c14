package apiserver

import "time"

// Timestamp is a date-time as the API writes it in its answers: UTC with exactly three
// decimals (2022-09-13T08:57:15.801Z). overlay.yaml makes it the type of a segment's
// created_at; encoding/json would write a time.Time with as many decimals as it has,
// none for a whole second.
type Timestamp struct{ time.Time }

// timestampLayout is the layout of Timestamp.
const timestampLayout = "2006-01-02T15:04:05.000Z"

// MarshalJSON writes t in the API's layout.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.UTC().Format(timestampLayout) + `"`), nil
}
