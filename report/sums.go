package report

import (
	"fmt"
	"math"
)

// checkSums makes sure a saved report's figures are what they say they
// are, as Build writes them: each line's cost is its quantity times its
// unit price (as written, within what rounding them to their places can
// change), each month's total is the sum of its lines, the totals are the
// sums of the months, each payer's, account's and chargeback figure adds up,
// and no total is negative. A report edited by hand, or by a program that
// got a sum wrong, is refused at the first figure that does not fit.
func (doc *Document) checkSums(fail func(path, format string, args ...any) error) error {
	for si := range doc.Strategies {
		s := &doc.Strategies[si]
		p := fmt.Sprintf("strategies[%d]", si)
		if err := checkMonths(s, p, fail); err != nil {
			return err
		}
		if err := checkTotals(s, p, fail); err != nil {
			return err
		}
		if err := checkBills(s, p, fail); err != nil {
			return err
		}
	}
	return nil
}

// checkMonths checks each line's cost and each month's total.
func checkMonths(s *Strategy, p string, fail func(path, format string, args ...any) error) error {
	for mi, m := range s.Months {
		mp := fmt.Sprintf("%s.months[%d]", p, mi)
		var total int64
		for li, l := range m.Lines {
			lp := fmt.Sprintf("%s.lines[%d]", mp, li)
			q, u, c := float64(l.Quantity), float64(l.UnitPrice), float64(l.Cost)
			// quantity and unit price are each within half a millionth
			// of what the cost was computed from, the cost within half a
			// ten-thousandth of its value: their product can differ from
			// the written cost by no more than this
			slack := 0.5e-6*(math.Abs(q)+math.Abs(u)) + 0.25e-12 + 0.5e-4
			if math.Abs(q*u-c) > slack*(1+1e-9)+1e-9 {
				return fail(lp+".cost", "expected %s × %s = %s, got %s", fixed(q, 6), fixed(u, 6), fixed(q*u, 4), l.Cost)
			}
			total += l.Cost.Units()
		}
		if total != m.Total.Units() {
			return fail(mp+".total", "expected %s, the sum of its lines, got %s", fromUnits(total), m.Total)
		}
		if m.Total < 0 {
			return fail(mp+".total", "expected an amount of zero or more, got %s", m.Total)
		}
		if !(m.P10 <= m.P50 && m.P50 <= m.P90) || m.P10 < 0 {
			return fail(mp+".p10", "expected 0 ≤ p10 ≤ p50 ≤ p90, got %s, %s, %s", m.P10, m.P50, m.P90)
		}
	}
	return nil
}

// checkTotals checks the headline totals against the months.
func checkTotals(s *Strategy, p string, fail func(path, format string, args ...any) error) error {
	var year, horizon int64
	for mi, m := range s.Months {
		if mi < 12 {
			year += m.Total.Units()
		}
		horizon += m.Total.Units()
	}
	t := s.Totals
	switch {
	case year != t.FirstYear.Units():
		return fail(p+".totals.first_year", "expected %s, the sum of the first twelve months, got %s", fromUnits(year), t.FirstYear)
	case horizon != t.Horizon.Units():
		return fail(p+".totals.horizon", "expected %s, the sum of the months, got %s", fromUnits(horizon), t.Horizon)
	case len(s.Months) > 0 && t.FirstMonth != s.Months[0].Total:
		return fail(p+".totals.first_month", "expected %s, as months[0].total, got %s", s.Months[0].Total, t.FirstMonth)
	case len(s.Months) > 0 && t.LastMonth != s.Months[len(s.Months)-1].Total:
		return fail(p+".totals.last_month", "expected %s, as the last month's total, got %s", s.Months[len(s.Months)-1].Total, t.LastMonth)
	case !(t.FirstYearP10 <= t.FirstYearP50 && t.FirstYearP50 <= t.FirstYearP90) || t.FirstYearP10 < 0:
		return fail(p+".totals.first_year_p10", "expected 0 ≤ first_year_p10 ≤ first_year_p50 ≤ first_year_p90, got %s, %s, %s", t.FirstYearP10, t.FirstYearP50, t.FirstYearP90)
	}
	return nil
}

// checkBills checks the payers' totals against the lines, and that the
// accounts' bills and chargebacks each add up to the horizon.
func checkBills(s *Strategy, p string, fail func(path, format string, args ...any) error) error {
	byPayer := map[string]*[2]int64{}
	for mi, m := range s.Months {
		for _, l := range m.Lines {
			pt := byPayer[l.Payer]
			if pt == nil {
				pt = new([2]int64)
				byPayer[l.Payer] = pt
			}
			pt[1] += l.Cost.Units()
			if mi == 0 {
				pt[0] += l.Cost.Units()
			}
		}
	}
	for i, pt := range s.PayerTotals {
		want := byPayer[pt.Payer]
		if want == nil {
			want = new([2]int64)
		}
		if want[0] != pt.FirstMonth.Units() || want[1] != pt.Total.Units() {
			return fail(fmt.Sprintf("%s.payer_totals[%d]", p, i), "expected %s in the first month and %s in all, the sums of the %s lines, got %s and %s",
				fromUnits(want[0]), fromUnits(want[1]), pt.Payer, pt.FirstMonth, pt.Total)
		}
	}
	horizon := s.Totals.Horizon.Units()
	var billed int64
	for _, a := range s.Accounts {
		billed += a.Total.Units()
	}
	if len(s.Accounts) > 0 && billed != horizon {
		return fail(p+".accounts", "expected the accounts' totals to add up to the horizon's %s, got %s", s.Totals.Horizon, fromUnits(billed))
	}
	var charged int64
	for i, c := range s.Chargeback {
		sum := c.Own.Units() + c.Management.Units() + c.LogArchive.Units() + c.Platform.Units()
		if sum != c.Total.Units() {
			return fail(fmt.Sprintf("%s.chargeback[%d].total", p, i), "expected %s, the sum of own, management, log_archive and platform, got %s", fromUnits(sum), c.Total)
		}
		charged += sum
	}
	if len(s.Chargeback) > 0 && charged != horizon {
		return fail(p+".chargeback", "expected the accounts' chargebacks to add up to the horizon's %s, got %s", s.Totals.Horizon, fromUnits(charged))
	}
	return nil
}
