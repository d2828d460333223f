package input

import (
	"slices"

	"github.com/trailwise/trailwise/model"
)

// fastBreakdown reads one breakdown entry, the text of one list element,
// straight into a model.Breakdown, as fastRow reads a usage row: only the
// shape collectors write (the known keys, each once, the required ones
// present, no nulls, strings without escapes, integers as plain digits).
// It says false for anything else, which is then read the careful way; it
// never decides that an entry is wrong.
func fastBreakdown(b []byte, intern map[string]string) (model.Breakdown, bool) {
	var out model.Breakdown
	p := fastParser{b: b, intern: intern}
	ok := p.object(func(k []byte) (uint32, bool) {
		var ok bool
		switch string(k) {
		case "account":
			out.Account, ok = p.str()
			return 1 << 0, ok
		case "region":
			out.Region, ok = p.str()
			return 1 << 1, ok
		case "sources":
			out.Sources, ok = fastList(&p, p.sourceVolume)
			return 1 << 2, ok
		case "source":
			out.Source, ok = p.str()
			return 1 << 3, ok
		case "sampled":
			out.Sampled, ok = p.boolean()
			return 1 << 4, ok
		}
		return 0, false
	}, 1<<0|1<<1|1<<2)
	return out, ok && p.atEnd()
}

func (p *fastParser) sourceVolume() (model.SourceVolume, bool) {
	var s model.SourceVolume
	ok := p.object(func(k []byte) (uint32, bool) {
		var ok bool
		switch string(k) {
		case "event_source":
			s.EventSource, ok = p.str()
			return 1 << 0, ok
		case "category":
			s.Category, ok = p.str()
			return 1 << 1, ok
		case "events":
			s.Events, ok = p.integer()
			return 1 << 2, ok
		case "bytes":
			s.Bytes, ok = p.integer()
			return 1 << 3, ok
		case "resource_type":
			s.ResourceType, ok = p.str()
			return 1 << 4, ok
		case "event_names":
			s.EventNames, ok = fastList(p, p.nameVolume)
			return 1 << 5, ok
		}
		return 0, false
	}, 1<<0|1<<1|1<<2|1<<3)
	return s, ok
}

func (p *fastParser) nameVolume() (model.NameVolume, bool) {
	var n model.NameVolume
	ok := p.object(func(k []byte) (uint32, bool) {
		var ok bool
		switch string(k) {
		case "event_name":
			n.EventName, ok = p.str()
			return 1 << 0, ok
		case "events":
			n.Events, ok = p.integer()
			return 1 << 1, ok
		case "bytes":
			n.Bytes, ok = p.integer()
			return 1 << 2, ok
		}
		return 0, false
	}, 1<<0|1<<1|1<<2)
	return n, ok
}

// object reads an object whose values field reads, given each key; field
// says the key's bit, or false. All of required must be seen, none twice.
func (p *fastParser) object(field func(k []byte) (uint32, bool), required uint32) bool {
	if !p.byte('{') {
		return false
	}
	var seen uint32
	for first := true; !p.byte('}'); first = false {
		if !first && !p.byte(',') {
			return false
		}
		k, ok := p.rawString()
		if !ok || !p.byte(':') {
			return false
		}
		bit, ok := field(k)
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
	}
	return seen&required == required
}

// fastList reads a list of the values elem reads (never null).
func fastList[T any](p *fastParser, elem func() (T, bool)) ([]T, bool) {
	if !p.byte('[') {
		return nil, false
	}
	out := []T{}
	for first := true; !p.byte(']'); first = false {
		if !first && !p.byte(',') {
			return nil, false
		}
		v, ok := elem()
		if !ok {
			return nil, false
		}
		out = append(out, v)
	}
	return slices.Clip(append([]T(nil), out...)), true // no spare capacity: 170,000 entries at 10,000 accounts
}

// atEnd says nothing but space is left.
func (p *fastParser) atEnd() bool {
	p.space()
	return p.i == len(p.b)
}
