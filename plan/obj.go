package plan

import (
	"bytes"
	"encoding/json"

	"gopkg.in/yaml.v3"
)

// kv is one member of an ordered object.
type kv struct {
	K string
	V any
}

// obj is a JSON or YAML object whose members keep the order they are
// written in, so that artefacts read in the order AWS documents them and
// golden files are stable.
type obj []kv

// MarshalJSON writes the members in order.
func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshalJSON(m.K)
		if err != nil {
			return nil, err
		}
		v, err := marshalJSON(m.V)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// MarshalYAML writes the members in order.
func (o obj) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for _, m := range o {
		var v yaml.Node
		if err := v.Encode(m.V); err != nil {
			return nil, err
		}
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: m.K}, &v)
	}
	return n, nil
}

// get is the value of member k, or nil.
func (o obj) get(k string) any {
	for _, m := range o {
		if m.K == k {
			return m.V
		}
	}
	return nil
}

// marshalJSON is json.Marshal without HTML escaping: policies hold no
// markup, and "<" in a README-quoted policy would only confuse.
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// indentJSON is v as indented JSON ending in a newline: the form of every
// JSON artefact.
func indentJSON(v any) []byte {
	raw, err := marshalJSON(v)
	if err != nil {
		panic("plan: artefact is not JSON: " + err.Error()) // built from plain values only
	}
	var b bytes.Buffer
	_ = json.Indent(&b, raw, "", "  ") // raw is valid JSON
	b.WriteByte('\n')
	return b.Bytes()
}

// compactJSON is v as compact JSON: S3 counts a policy's size without
// white space.
func compactJSON(v any) []byte {
	raw, err := marshalJSON(v)
	if err != nil {
		panic("plan: artefact is not JSON: " + err.Error())
	}
	return raw
}

// toYAML is v as YAML, two-space indented.
func toYAML(v any) []byte {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		panic("plan: artefact is not YAML: " + err.Error())
	}
	_ = enc.Close()
	return b.Bytes()
}
