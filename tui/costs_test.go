package tui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/trailwise/trailwise/report"
)

func TestCompareSentence(t *testing.T) {
	a := &report.Strategy{ID: "a", Name: "Organization trail"}
	b := &report.Strategy{ID: "b", Name: "Amazon Security Lake"}
	for _, c := range []struct {
		ya, yb float64
		want   string
	}{
		// 2,345.67 − 1,111.11 = 1,234.56; 2,345.67 / 1,111.11 = 2.11
		{1111.11, 2345.67, "Amazon Security Lake costs 1,234.56 USD (2.1×) more a year than Organization trail."},
		// the dearer one is named first, whichever is selected
		{2345.67, 1111.11, "Organization trail costs 1,234.56 USD (2.1×) more a year than Amazon Security Lake."},
		{772.08, 772.08, "Organization trail and Amazon Security Lake cost the same: 772.08 USD in the first year."},
		// 1,010 / 1,000 = 1.01: one decimal would read 1.0×
		{1000, 1010, "Amazon Security Lake costs 10.00 USD (1.01×) more a year than Organization trail."},
		{0, 12.5, "Amazon Security Lake costs 12.50 USD more a year than Organization trail."},
	} {
		a.Totals.FirstYear, b.Totals.FirstYear = report.Money(c.ya), report.Money(c.yb)
		if got := compareSentence(a, b); got != c.want {
			t.Errorf("%.2f vs %.2f:\n got %s\nwant %s", c.ya, c.yb, got, c.want)
		}
	}
}

// TestCompareSharesOneAxis: side by side, both charts rise from zero to the
// same top, the larger of the two strategies' dearest months, and each is
// named as a newcomer knows it.
func TestCompareSharesOneAxis(t *testing.T) {
	m, _ := liveModel(t, "small", Options{})
	press(m, keyRunes("2"), keyRunes("c"))
	v := m.View()
	a, b := m.s.strategy(m.s.selected), m.s.strategy(m.pages[1].(*costsPage).other)
	top := max(maxMonth(a), maxMonth(b))
	if top == maxMonth(a) && top == maxMonth(b) {
		t.Fatal("the two strategies peak alike: the test cannot tell")
	}
	axisTop := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(money(top)) + ` [▁▂▃▄▅▆▇█ ]+\s+` + regexp.QuoteMeta(money(top)) + ` [▁▂▃▄▅▆▇█ ]+$`)
	if !axisTop.MatchString(v) {
		t.Errorf("the charts do not share the top %s:\n%s", money(top), v)
	}
	if n := len(regexp.MustCompile(`\$0\.00 [▁▂▃▄▅▆▇█]`).FindAllString(v, -1)); n != 2 {
		t.Errorf("%d charts start at $0.00, want 2:\n%s", n, v)
	}
	flat := strings.Join(strings.Fields(v), " ")
	for _, x := range []*report.Strategy{a, b} {
		if !strings.Contains(flat, x.Name) {
			t.Errorf("%s is not named %q:\n%s", x.ID, x.Name, v)
		}
	}
	if !strings.Contains(flat, compareSentence(a, b)) {
		t.Errorf("no sentence %q:\n%s", compareSentence(a, b), v)
	}
}
