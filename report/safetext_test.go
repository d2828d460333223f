package report

import (
	"testing"

	"github.com/trailwise/trailwise/model"
)

func TestSafeText(t *testing.T) {
	for in, want := range map[string]string{
		"Prod":            "Prod",
		"Zürich 東京":       "Zürich 東京",
		"\x1b]0;pwned\a":  `\x1b]0;pwned\a`,
		"\x1b[2Jcleared":  `\x1b[2Jcleared`,
		"over\rwritten":   `over\rwritten`,
		"two\nlines\ttab": `two\nlines\ttab`,
		"c1 \u009b31m":    `c1 \u009b31m`,
		"bidi \u202eevil": `bidi \u202eevil`,
		"del \x7f":        `del \x7f`,
		"bad utf-8 \xff":  `bad utf-8 \xff`,
		"sep \u2028":      `sep \u2028`,
	} {
		if got := SafeText(in); got != want {
			t.Errorf("SafeText(%q) = %q, want %q", in, got, want)
		}
	}
}

// The terminal interface gets a dataset and a saved report whose text from
// input is escaped; the originals are left as they were.
func TestSafeDatasetAndDocument(t *testing.T) {
	d := &model.Dataset{
		Accounts: []model.Account{{ID: "111111111111", Name: "\x1b]0;pwned\a", OU: "\x1b[2J"}},
		Trails:   []model.Trail{{Name: "over\rwrite", ExcludedEventSources: []string{"kms\a"}}},
		Usage:    []model.Usage{{Source: "s3\x1b"}},
		Gaps:     []model.Gap{{Reason: "denied\r"}},
	}
	s := SafeDataset(d)
	if s.Accounts[0].Name != `\x1b]0;pwned\a` || s.Accounts[0].OU != `\x1b[2J` || s.Trails[0].Name != `over\rwrite` ||
		s.Trails[0].ExcludedEventSources[0] != `kms\a` || s.Usage[0].Source != `s3\x1b` || s.Gaps[0].Reason != `denied\r` {
		t.Errorf("not escaped: %+v", s)
	}
	if d.Accounts[0].Name != "\x1b]0;pwned\a" || d.Usage[0].Source != "s3\x1b" {
		t.Error("the original dataset was changed")
	}
	doc := &Document{Strategies: []Strategy{{Notes: []string{"trail \x1b[2J"}, Accounts: []Account{{Name: "\a"}}}},
		Allocation: Allocation{Months: []AllocationMonth{{Shares: map[string][]Share{"bytes": {1}}}}}}
	sd := SafeDocument(doc)
	if sd.Strategies[0].Notes[0] != `trail \x1b[2J` || sd.Strategies[0].Accounts[0].Name != `\a` {
		t.Errorf("document not escaped: %+v", sd.Strategies[0])
	}
}
