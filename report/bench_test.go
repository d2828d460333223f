package report

import (
	"io"
	"testing"
)

// The 400-account sample's report (about 2 MB of JSON): reading it back
// strictly, and spreading it over the accounts (160,000 CSV rows).
func BenchmarkParseEnterprise(b *testing.B) {
	data := docJSON(&testing.T{}, docWith(&testing.T{}, "enterprise", 0, false))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("run.json", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCSVByAccountEnterprise(b *testing.B) {
	doc := docWith(&testing.T{}, "enterprise", 0, false)
	for b.Loop() {
		if err := CSVByAccount(io.Discard, doc); err != nil {
			b.Fatal(err)
		}
	}
}

// The accounts' bills and chargeback of every strategy, from the document.
func BenchmarkChargebackEnterprise(b *testing.B) {
	doc := docWith(&testing.T{}, "enterprise", 0, false)
	for b.Loop() {
		for i := range doc.Strategies {
			s := &doc.Strategies[i]
			s.Accounts, s.Chargeback = AccountsOf(doc, s), ChargebackOf(doc, s)
		}
	}
}
