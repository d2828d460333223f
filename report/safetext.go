package report

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trailwise/trailwise/model"
)

// Text from input (account and trail names, OUs, file names, event
// sources, reasons) can carry terminal control sequences: ESC ] 0 ; sets a
// terminal's title, ESC [ 2 J clears it, a CR overwrites the line, bidi
// overrides reorder what is read. None of it may reach a terminal or a
// Markdown file raw: SafeText writes every such character as a visible
// escape (\x1b, \r, \u202e), as Go quotes it.

// unsafeRune says whether r must not be written raw: a C0 or C1 control
// (tab and newline included: inside a value they break a table's layout),
// DEL, a line or paragraph separator, or a bidirectional formatting
// character.
func unsafeRune(r rune) bool {
	switch {
	case unicode.IsControl(r), r == '\u2028', r == '\u2029':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069', r == '\u200e', r == '\u200f', r == '\u061c':
		return true
	}
	return r == utf8.RuneError
}

// SafeText is s with every character unsafeRune names escaped; s itself
// when it has none (the usual case costs no allocation).
func SafeText(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				b.WriteString(`\x` + strconv.FormatUint(uint64(s[i]), 16))
				continue
			}
		}
		if unsafeRune(r) {
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SafeDataset is d with its free text (account names and OUs, trail,
// bucket and event data store names, excluded sources, the usage rows'
// sources, the gaps' sources and reasons) passed through SafeText, for a
// view that draws on a terminal itself (the terminal interface). d is not
// changed; the usage rows are copied only when one of them needs it.
func SafeDataset(d *model.Dataset) *model.Dataset {
	out := *d
	out.Accounts = slices.Clone(d.Accounts)
	for i := range out.Accounts {
		a := &out.Accounts[i]
		a.ID, a.Name, a.OU, a.Status = SafeText(a.ID), SafeText(a.Name), SafeText(a.OU), SafeText(a.Status)
	}
	out.Trails = slices.Clone(d.Trails)
	for i := range out.Trails {
		t := &out.Trails[i]
		t.Name, t.Bucket, t.HomeRegion = SafeText(t.Name), SafeText(t.Bucket), SafeText(t.HomeRegion)
		t.ExcludedEventSources = slices.Clone(t.ExcludedEventSources)
		for k, s := range t.ExcludedEventSources {
			t.ExcludedEventSources[k] = SafeText(s)
		}
	}
	out.EventDataStores = slices.Clone(d.EventDataStores)
	for i := range out.EventDataStores {
		out.EventDataStores[i].Name = SafeText(out.EventDataStores[i].Name)
	}
	out.Gaps = slices.Clone(d.Gaps)
	for i := range out.Gaps {
		g := &out.Gaps[i]
		g.Account, g.Region, g.Source, g.Reason = SafeText(g.Account), SafeText(g.Region), SafeText(g.Source), SafeText(g.Reason)
	}
	if slices.ContainsFunc(d.Usage, func(u model.Usage) bool { return SafeText(u.Source) != u.Source }) {
		out.Usage = slices.Clone(d.Usage)
		for i := range out.Usage {
			out.Usage[i].Source = SafeText(out.Usage[i].Source)
		}
	}
	if p := d.PackedRows(); p != nil {
		out.SetPackedRows(p.WithSources(SafeText))
	}
	return &out
}

// SafeDocument is a copy of doc with every string passed through SafeText,
// for the terminal interface showing a saved report.
func SafeDocument(doc *Document) *Document {
	b, err := json.Marshal(doc)
	if err != nil {
		return doc
	}
	var out Document
	if json.Unmarshal(b, &out) != nil {
		return doc
	}
	escapeStrings(reflect.ValueOf(&out).Elem())
	return &out
}

// escapeStrings passes every string reachable from v through SafeText.
func escapeStrings(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(SafeText(v.String()))
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			escapeStrings(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				escapeStrings(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			escapeStrings(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			escapeStrings(e)
			v.SetMapIndex(k, e)
		}
	}
}
