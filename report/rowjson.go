package report

import (
	"encoding/json"
	"io"
	"iter"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/trailwise/trailwise/model"
)

// writeRows writes the dataset's usage rows as the JSON list json.Marshal
// writes for them, a row at a time.
func writeRows(w io.Writer, d *model.Dataset) {
	writeJSONList(w, d.Rows(), appendUsage)
}

// writeJSONList writes the values of seq as a JSON list, each written by
// appendOne, through a 64 KB buffer: a list of millions never held whole.
func writeJSONList[T any](w io.Writer, seq iter.Seq[T], appendOne func([]byte, *T) []byte) {
	buf := make([]byte, 0, 64<<10)
	buf = append(buf, '[')
	k := 0
	for v := range seq {
		if k > 0 {
			buf = append(buf, ',')
		}
		k++
		buf = appendOne(buf, &v)
		if len(buf) > 60<<10 {
			w.Write(buf)
			buf = buf[:0]
		}
	}
	w.Write(append(buf, ']'))
}

// appendUsage appends u as json.Marshal writes it (fields in declaration
// order, omitempty fields left out when empty), twenty times faster: the
// digest of a 15-million-row dataset is hashed from these bytes.
func appendUsage(b []byte, u *model.Usage) []byte {
	b = appendField(b, `{"account":`, u.Account)
	b = appendField(b, `,"region":`, u.Region)
	b = appendField(b, `,"day":`, u.Day)
	b = strconv.AppendInt(append(b, `,"management_read_events":`...), u.ManagementReadEvents, 10)
	b = strconv.AppendInt(append(b, `,"management_write_events":`...), u.ManagementWriteEvents, 10)
	b = strconv.AppendInt(append(b, `,"data_events":`...), u.DataEvents, 10)
	b = strconv.AppendInt(append(b, `,"network_events":`...), u.NetworkEvents, 10)
	b = strconv.AppendInt(append(b, `,"insights_events":`...), u.InsightsEvents, 10)
	if u.AggregatedEvents != 0 {
		b = strconv.AppendInt(append(b, `,"aggregated_events":`...), u.AggregatedEvents, 10)
	}
	b = strconv.AppendInt(append(b, `,"event_bytes":`...), u.EventBytes, 10)
	b = strconv.AppendInt(append(b, `,"stored_bytes":`...), u.StoredBytes, 10)
	b = strconv.AppendInt(append(b, `,"log_files":`...), u.LogFiles, 10)
	b = appendField(b, `,"source":`, u.Source)
	b = strconv.AppendBool(append(b, `,"measured":`...), u.Measured)
	if u.RelativeError != nil {
		b = appendFloat(append(b, `,"relative_error":`...), *u.RelativeError)
	}
	return append(b, '}')
}

// appendField appends key and s quoted as encoding/json quotes it: plain
// printable ASCII as it is, anything else through json.Marshal.
func appendField(b []byte, key, s string) []byte {
	b = append(b, key...)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string: cannot fail
			return append(b, q...)
		}
	}
	return append(append(append(b, '"'), s...), '"')
}

// appendFloat formats f as encoding/json does (its floatEncoder): the
// shortest decimal, exponent form below 1e-6 and from 1e21, "e-07" as "e-7".
// f is finite: Dataset.Validate refuses anything else.
func appendFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// writeBreakdown writes the breakdown list as json.Marshal does, an entry
// at a time (hundreds of MB of JSON at 10,000 accounts).
func writeBreakdown(w io.Writer, list []model.Breakdown) {
	writeJSONList(w, slices.Values(list), appendBreakdown)
}

// appendBreakdown appends b as json.Marshal writes it.
func appendBreakdown(buf []byte, b *model.Breakdown) []byte {
	buf = appendField(buf, `{"account":`, b.Account)
	buf = appendField(buf, `,"region":`, b.Region)
	if b.Source != "" {
		buf = appendField(buf, `,"source":`, b.Source)
	}
	if b.Sampled {
		buf = append(buf, `,"sampled":true`...)
	}
	if b.Sources == nil {
		return append(buf, `,"sources":null}`...)
	}
	buf = append(buf, `,"sources":[`...)
	for i := range b.Sources {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendSourceVolume(buf, &b.Sources[i])
	}
	return append(buf, "]}"...)
}

func appendSourceVolume(buf []byte, s *model.SourceVolume) []byte {
	buf = appendField(buf, `{"event_source":`, s.EventSource)
	buf = appendField(buf, `,"category":`, s.Category)
	if s.ResourceType != "" {
		buf = appendField(buf, `,"resource_type":`, s.ResourceType)
	}
	buf = strconv.AppendInt(append(buf, `,"events":`...), s.Events, 10)
	buf = strconv.AppendInt(append(buf, `,"bytes":`...), s.Bytes, 10)
	if len(s.EventNames) > 0 {
		buf = append(buf, `,"event_names":[`...)
		for i, n := range s.EventNames {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendField(buf, `{"event_name":`, n.EventName)
			buf = strconv.AppendInt(append(buf, `,"events":`...), n.Events, 10)
			buf = strconv.AppendInt(append(buf, `,"bytes":`...), n.Bytes, 10)
			buf = append(buf, '}')
		}
		buf = append(buf, ']')
	}
	return append(buf, '}')
}

// WriteDatasetIndented writes d as json.MarshalIndent(d, "", "  ") does,
// byte for byte, a list element at a time: a collected dataset of 15
// million rows is never held as text.
func WriteDatasetIndented(w io.Writer, d *model.Dataset) error {
	bw := &errWriter{w: w}
	v := reflect.ValueOf(d).Elem()
	t := v.Type()
	io.WriteString(bw, "{")
	written := 0
	for i := range t.NumField() {
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		f := v.Field(i)
		if !t.Field(i).IsExported() || opts == "omitempty" && f.Kind() == reflect.Slice && f.Len() == 0 {
			continue
		}
		if written > 0 {
			io.WriteString(bw, ",")
		}
		written++
		io.WriteString(bw, "\n  "+strconv.Quote(name)+": ")
		switch {
		case t.Field(i).Name == "Usage" && d.RowCount() > 0:
			writeIndentedList(bw, d.Rows())
		case f.Kind() == reflect.Slice && f.Len() > 0:
			writeIndentedList(bw, func(yield func(any) bool) {
				for k := range f.Len() {
					if !yield(f.Index(k).Interface()) {
						return
					}
				}
			})
		default:
			b, _ := json.MarshalIndent(f.Interface(), "  ", "  ") // plain data: cannot fail
			bw.Write(b)
		}
	}
	io.WriteString(bw, "\n}")
	return bw.err
}

// writeIndentedList writes a non-empty list as a field's value at depth 1
// of json.MarshalIndent's "  " layout.
func writeIndentedList[T any](w io.Writer, seq iter.Seq[T]) {
	io.WriteString(w, "[")
	k := 0
	for v := range seq {
		if k > 0 {
			io.WriteString(w, ",")
		}
		k++
		b, _ := json.MarshalIndent(v, "    ", "  ") // plain data: cannot fail
		io.WriteString(w, "\n    ")
		w.Write(b)
	}
	io.WriteString(w, "\n  ]")
}
