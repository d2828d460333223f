package report

import (
	"sort"

	"github.com/trailwise/trailwise/model"
)

// Every line is spread over the accounts of the document's allocation by
// its driver's shares that month: a members line to bill each member
// account its part, a central line (management, log-archive, staff time)
// to charge each account back its share. The parts of a line add up to its
// cost exactly. A driver whose shares are all zero that month falls back to
// the default driver (event bytes), and then to equal parts.

// eachPart calls f for every nonzero part of every line of s, in month and
// line order, then account order: the month's index, the line, the
// account's index in doc.Allocation.Accounts and the part in units of
// 1/10,000.
func eachPart(doc *Document, s *Strategy, f func(m int, l *Line, account int, units int64)) {
	n := len(doc.Allocation.Accounts)
	if n == 0 {
		return
	}
	equal := make([]uint64, n)
	for i := range equal {
		equal[i] = 1
	}
	type weights struct {
		w     []uint64
		total uint64
	}
	for m := range s.Months {
		cache := map[string]weights{}
		weightsOf := func(driver string) weights {
			if w, ok := cache[driver]; ok {
				return w
			}
			var w weights
			if m < len(doc.Allocation.Months) {
				w.w, w.total = shareUnits(doc.Allocation.Months[m].Shares[driver])
			}
			cache[driver] = w
			return w
		}
		for li := range s.Months[m].Lines {
			l := &s.Months[m].Lines[li]
			units := l.Cost.Units()
			if units == 0 {
				continue
			}
			w := weightsOf(l.Driver)
			if w.total == 0 {
				w = weightsOf(model.DefaultDriver)
			}
			if w.total == 0 {
				w = weights{equal, uint64(n)}
			}
			for a, part := range spread(units, w.w, w.total) {
				if part != 0 {
					f(m, l, a, part)
				}
			}
		}
	}
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

// accountName is the name of an account in the allocation, or of a payer.
func accountName(doc *Document, id string) string {
	for _, a := range doc.Allocation.Accounts {
		if a.Account == id {
			return a.Name
		}
	}
	switch id {
	case model.PayerPlatform:
		return "staff time"
	case model.NewAccountsID:
		return "accounts added by growth"
	}
	return id
}

// AccountsOf is what each account is billed under s, computed from the
// document: the central roles' lines whole, and each member account's part
// of the members' lines; the largest total first.
func AccountsOf(doc *Document, s *Strategy) []Account {
	type key struct{ account, role string }
	sums := map[key]*[2]int64{}
	add := func(k key, m int, units int64) {
		t := sums[k]
		if t == nil {
			t = new([2]int64)
			sums[k] = t
		}
		t[1] += units
		if m == 0 {
			t[0] += units
		}
	}
	for m, mo := range s.Months {
		for _, l := range mo.Lines {
			if l.Payer != model.PayerMembers {
				add(key{payingAccount(doc, l.Payer), l.Payer}, m, l.Cost.Units())
			}
		}
	}
	eachPart(doc, s, func(m int, l *Line, a int, units int64) {
		if l.Payer == model.PayerMembers {
			add(key{doc.Allocation.Accounts[a].Account, "member"}, m, units)
		}
	})
	out := make([]Account, 0, len(sums))
	for k, t := range sums {
		out = append(out, Account{Account: k.account, Name: accountName(doc, k.account), Role: k.role, FirstMonth: fromUnits(t[0]), Total: fromUnits(t[1])})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Total != out[j].Total {
			return out[i].Total > out[j].Total
		}
		if out[i].Account != out[j].Account {
			return out[i].Account < out[j].Account
		}
		return out[i].Role < out[j].Role
	})
	return out
}

// ChargebackOf is what each account of the allocation costs under s over
// the horizon, computed from the document; the largest total first,
// accounts that cost nothing left out.
func ChargebackOf(doc *Document, s *Strategy) []Chargeback {
	n := len(doc.Allocation.Accounts)
	sums := make([][4]int64, n) // own, management, log-archive, platform
	eachPart(doc, s, func(_ int, l *Line, a int, units int64) {
		sums[a][column(l.Payer)] += units
	})
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
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Total != out[j].Total {
			return out[i].Total > out[j].Total
		}
		return out[i].Account < out[j].Account
	})
	return out
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
