package awscollect

import "errors"

// errRepeatedToken ends a listing whose service sent a next-page token it
// had sent before: the SDK's paginators would follow it forever (their
// StopOnDuplicateToken stops without a word, and only on the same token
// twice in a row). What was read stays; the rest is a gap with this reason.
var errRepeatedToken = errors.New("the service sent a page token it had sent before (a paging loop): the listing stopped there")

// tokens remembers the next-page tokens of one listing.
type tokens map[string]bool

// repeated records tok and says errRepeatedToken when it was seen before.
func (t tokens) repeated(tok *string) error {
	if tok == nil || *tok == "" {
		return nil
	}
	if t[*tok] {
		return errRepeatedToken
	}
	t[*tok] = true
	return nil
}
