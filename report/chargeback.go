package report

import (
	"cmp"
	"slices"
	"strings"

	"github.com/trailwise/trailwise/model"
)

// Every line is spread over the accounts of the document's allocation by
// its driver's shares that month: a members line to bill each member
// account its part, a central line (management, log-archive, staff time)
// to charge each account back its share. The parts of a line add up to its
// cost exactly. A driver whose shares are all zero that month falls back to
// the default driver (event bytes), and then to equal parts.

// spreader spreads lines over a document's allocation. The same amount is
// spread the same way over the same driver's shares in the same month, and
// strategies share many lines (and chargeback and bills spread the same
// ones): it keeps each month's weights and each spread it has made.
type spreader struct {
	doc     *Document
	equal   weights
	months  []map[string]weights // per month: driver → weights, as first needed
	parts   map[partKey][]int64
	names   map[string]string // the allocation's account names, by id (the first listed)
	scratch []uint64
}

type weights struct {
	w     []uint64
	total uint64
}

// partKey is one spread: an amount over a driver's shares in a month.
type partKey struct {
	m      int
	driver string
	units  int64
}

func newSpreader(doc *Document) *spreader {
	n := len(doc.Allocation.Accounts)
	sp := &spreader{doc: doc, parts: map[partKey][]int64{}, months: make([]map[string]weights, len(doc.Allocation.Months))}
	sp.equal = weights{make([]uint64, n), uint64(n)}
	for i := range sp.equal.w {
		sp.equal.w[i] = 1
	}
	return sp
}

// weightsOf is the driver's shares in month m as integer weights.
func (sp *spreader) weightsOf(m int, driver string) weights {
	if m >= len(sp.months) {
		return weights{}
	}
	if sp.months[m] == nil {
		sp.months[m] = map[string]weights{}
	}
	if w, ok := sp.months[m][driver]; ok {
		return w
	}
	var w weights
	w.w, w.total = shareUnits(sp.doc.Allocation.Months[m].Shares[driver])
	sp.months[m][driver] = w
	return w
}

// spread is the parts of units of a line with the driver in month m: by the
// driver's shares, by the default driver's when the driver's are all zero
// that month, else in equal parts.
func (sp *spreader) spread(m int, driver string, units int64) []int64 {
	k := partKey{m, driver, units}
	if p, ok := sp.parts[k]; ok {
		return p
	}
	w := sp.weightsOf(m, driver)
	if w.total == 0 {
		w = sp.weightsOf(m, model.DefaultDriver)
	}
	if w.total == 0 {
		w = sp.equal
	}
	var p []int64
	p, sp.scratch = spreadInto(units, w.w, w.total, sp.scratch)
	sp.parts[k] = p
	return p
}

// each calls f for every nonzero part of every line of s, as eachPart.
func (sp *spreader) each(s *Strategy, f func(m int, l *Line, account int, units int64)) {
	if len(sp.doc.Allocation.Accounts) == 0 {
		return
	}
	for m := range s.Months {
		for li := range s.Months[m].Lines {
			l := &s.Months[m].Lines[li]
			units := l.Cost.Units()
			if units == 0 {
				continue
			}
			for a, part := range sp.spread(m, l.Driver, units) {
				if part != 0 {
					f(m, l, a, part)
				}
			}
		}
	}
}

// name is the name of an account in the allocation, or of a payer.
func (sp *spreader) name(id string) string {
	if sp.names == nil {
		sp.names = make(map[string]string, len(sp.doc.Allocation.Accounts))
		for _, a := range sp.doc.Allocation.Accounts {
			if _, ok := sp.names[a.Account]; !ok {
				sp.names[a.Account] = a.Name
			}
		}
	}
	if name, ok := sp.names[id]; ok {
		return name
	}
	return payerName(id)
}

// payingAccount is the account AWS bills for a line of the payer role (the
// role itself for staff time and for members, whose accounts the allocation
// names).
func payingAccount(doc *Document, payer string) string {
	switch payer {
	case model.PayerManagement:
		return doc.Inputs.Dataset.ManagementAccount
	case model.PayerLogArchive:
		return doc.Inputs.Scenario.LogArchiveAccount
	}
	return payer
}

// payerName is the name of a payer that is not an account of the allocation.
func payerName(id string) string {
	switch id {
	case model.PayerPlatform:
		return "staff time"
	case model.NewAccountsID:
		return "accounts added by growth"
	}
	return id
}

// bills is what each account is billed under s (the central roles' lines
// whole, each member account's part of the members' lines) and what each
// costs over the horizon, from one pass over the parts. The
// sums are of integers, so the order they are added in does not change
// them.
func (sp *spreader) bills(s *Strategy) ([]Account, []Chargeback) {
	n := len(sp.doc.Allocation.Accounts)
	members := make([][2]int64, n) // the members' lines: first month, horizon
	paid := make([]bool, n)
	sums := make([][4]int64, n) // own, management, log-archive, platform
	sp.each(s, func(m int, l *Line, a int, units int64) {
		col := column(l.Payer)
		sums[a][col] += units
		if col == 0 { // the members' own lines
			paid[a] = true
			members[a][1] += units
			if m == 0 {
				members[a][0] += units
			}
		}
	})
	return sp.accounts(s, members, paid), sp.chargeback(sums)
}

// accounts is AccountsOf from the members' parts summed per account of the
// allocation.
func (sp *spreader) accounts(s *Strategy, members [][2]int64, paid []bool) []Account {
	doc := sp.doc
	type key struct{ account, role string }
	sums := map[key]*[2]int64{}
	add := func(k key, first, total int64) {
		t := sums[k]
		if t == nil {
			t = new([2]int64)
			sums[k] = t
		}
		t[0] += first
		t[1] += total
	}
	for m, mo := range s.Months {
		for _, l := range mo.Lines {
			if l.Payer != model.PayerMembers {
				units := l.Cost.Units()
				first := int64(0)
				if m == 0 {
					first = units
				}
				add(key{payingAccount(doc, l.Payer), l.Payer}, first, units)
			}
		}
	}
	for a, t := range members {
		if paid[a] {
			add(key{doc.Allocation.Accounts[a].Account, "member"}, t[0], t[1])
		}
	}
	out := make([]Account, 0, len(sums))
	for k, t := range sums {
		out = append(out, Account{Account: k.account, Name: sp.name(k.account), Role: k.role, FirstMonth: fromUnits(t[0]), Total: fromUnits(t[1])})
	}
	// the largest total first, then by account and role (a total order: an
	// account has one total per role), through the indices: the rows are
	// large to move
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		a, b := &out[i], &out[j]
		if a.Total != b.Total {
			return cmp.Compare(b.Total, a.Total)
		}
		if c := strings.Compare(a.Account, b.Account); c != 0 {
			return c
		}
		return strings.Compare(a.Role, b.Role)
	})
	sorted := make([]Account, len(out))
	for k, i := range order {
		sorted[k] = out[i]
	}
	return sorted
}

// chargeback is ChargebackOf from the parts summed per account of the
// allocation and payer column.
func (sp *spreader) chargeback(sums [][4]int64) []Chargeback {
	doc := sp.doc
	out := []Chargeback{}
	for a, t := range sums {
		total := t[0] + t[1] + t[2] + t[3]
		if t == [4]int64{} {
			continue
		}
		acc := doc.Allocation.Accounts[a]
		out = append(out, Chargeback{
			Account: acc.Account, Name: acc.Name, Own: fromUnits(t[0]), Management: fromUnits(t[1]),
			LogArchive: fromUnits(t[2]), Platform: fromUnits(t[3]), Total: fromUnits(total),
		})
	}
	// largest total first, then by account, then in allocation order (a
	// stable sort), through the indices: the rows are large to move
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		a, b := &out[i], &out[j]
		if a.Total != b.Total {
			return cmp.Compare(b.Total, a.Total)
		}
		if c := strings.Compare(a.Account, b.Account); c != 0 {
			return c
		}
		return cmp.Compare(i, j)
	})
	sorted := make([]Chargeback, len(out))
	for k, i := range order {
		sorted[k] = out[i]
	}
	return sorted
}

// column is where a payer's lines go in a chargeback row.
func column(payer string) int {
	switch payer {
	case model.PayerMembers:
		return 0
	case model.PayerManagement:
		return 1
	case model.PayerLogArchive:
		return 2
	}
	return 3 // staff time, and any other central payer
}
