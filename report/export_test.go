package report

// What the tests and benchmarks reach and the program does not.

// eachPart calls f for every nonzero part of every line of s, in month and
// line order, then account order: the month's index, the line, the
// account's index in doc.Allocation.Accounts and the part in units of
// 1/10,000.
func eachPart(doc *Document, s *Strategy, f func(m int, l *Line, account int, units int64)) {
	newSpreader(doc).each(s, f)
}

// AccountsOf is what each account is billed under s, computed from the
// document: the central roles' lines whole, and each member account's part
// of the members' lines; the largest total first.
func AccountsOf(doc *Document, s *Strategy) []Account {
	accounts, _ := newSpreader(doc).bills(s)
	return accounts
}

// ChargebackOf is what each account of the allocation costs under s over
// the horizon, computed from the document; the largest total first,
// accounts that cost nothing left out.
func ChargebackOf(doc *Document, s *Strategy) []Chargeback {
	_, chargeback := newSpreader(doc).bills(s)
	return chargeback
}
