package plan

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/trailwise/trailwise/model"
)

// hclParser reads back the subset of HCL the plan writes: blocks,
// attributes, object constructors, tuples, strings, numbers, booleans and
// one-argument calls. It is the test's own reading, so that a Terraform
// file is checked by what it means, not by how it was printed.
type hclParser struct {
	toks []string
	pos  int
}

var hclToken = regexp.MustCompile(`^(\s+|"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_-]*|-?[0-9]+|[{}\[\]=(),])`)

func newHCLParser(t *testing.T, src string) *hclParser {
	t.Helper()
	p := &hclParser{}
	for src != "" {
		m := hclToken.FindString(src)
		if m == "" {
			t.Fatalf("HCL: cannot read %q", src[:min(20, len(src))])
		}
		if strings.TrimSpace(m) != "" {
			p.toks = append(p.toks, m)
		}
		src = src[len(m):]
	}
	return p
}

func (p *hclParser) next() string { p.pos++; return p.toks[p.pos-1] }
func (p *hclParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *hclParser) expect(tok string) error {
	if got := p.next(); got != tok {
		return fmt.Errorf("expected %q, got %q at token %d", tok, got, p.pos)
	}
	return nil
}

// body reads attributes and blocks up to "}" or the end: blocks become
// lists under their type (labels prepended as keys).
func (p *hclParser) body() (map[string]any, error) {
	out := map[string]any{}
	for p.peek() != "" && p.peek() != "}" {
		name := p.next()
		if p.peek() == "=" {
			p.next()
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			out[name] = v
			continue
		}
		var labels []string
		for strings.HasPrefix(p.peek(), `"`) {
			l, _ := strconv.Unquote(p.next())
			labels = append(labels, l)
		}
		if err := p.expect("{"); err != nil {
			return nil, err
		}
		inner, err := p.body()
		if err != nil {
			return nil, err
		}
		if err := p.expect("}"); err != nil {
			return nil, err
		}
		key := strings.Join(append([]string{name}, labels...), " ")
		list, _ := out[key].([]any)
		out[key] = append(list, inner)
	}
	return out, nil
}

func (p *hclParser) value() (any, error) {
	tok := p.next()
	switch {
	case tok == "{":
		return p.object()
	case tok == "[":
		var list []any
		for p.peek() != "]" {
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			list = append(list, v)
			if p.peek() == "," {
				p.next()
			}
		}
		p.next()
		return list, nil
	case strings.HasPrefix(tok, `"`):
		s, err := strconv.Unquote(tok)
		// HCL's $${ and %%{ are a literal ${ and %{.
		return strings.NewReplacer("$${", "${", "%%{", "%{").Replace(s), err
	case tok == "true" || tok == "false":
		return tok == "true", nil
	case unicode.IsDigit(rune(tok[0])) || tok[0] == '-':
		n, err := strconv.Atoi(tok)
		return float64(n), err
	case p.peek() == "(":
		p.next()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		return map[string]any{"call " + tok: v}, p.expect(")")
	}
	return nil, fmt.Errorf("unexpected %q", tok)
}

func (p *hclParser) object() (any, error) {
	out := map[string]any{}
	for p.peek() != "}" {
		k := p.next()
		if strings.HasPrefix(k, `"`) {
			k, _ = strconv.Unquote(k)
		}
		if err := p.expect("="); err != nil {
			return nil, err
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	p.next()
	return out, nil
}

func parseHCL(t *testing.T, src []byte) map[string]any {
	t.Helper()
	p := newHCLParser(t, string(src))
	body, err := p.body()
	if err != nil || p.peek() != "" {
		t.Fatalf("HCL: %v (at %q)\n%s", err, p.peek(), src)
	}
	return body
}

// checkFmtLayout checks the layout 'terraform fmt' leaves unchanged: two
// spaces per open bracket, no trailing space, one final newline, and in
// every run of consecutive one-line attributes the "=" one column after
// the longest name.
func checkFmtLayout(t tb, name string, src []byte) {
	t.Helper()
	text := string(src)
	if !strings.HasSuffix(text, "}\n") || strings.HasSuffix(text, "\n\n") {
		t.Errorf("%s: must end with one newline", name)
	}
	depth := 0
	var run []string
	closeRun := func() {
		longest := 0
		for _, l := range run {
			longest = max(longest, len(strings.TrimRight(l[:strings.Index(l, "=")], " ")))
		}
		for _, l := range run {
			if strings.Index(l, "=") != longest+1 {
				t.Errorf("%s: %q: = not at column %d", name, l, longest+2)
			}
		}
		run = nil
	}
	for i, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		trimmed := strings.TrimSpace(l)
		if strings.HasPrefix(trimmed, "}") || strings.HasPrefix(trimmed, "]") {
			depth--
		}
		if trimmed != "" && l != strings.Repeat("  ", depth)+trimmed {
			t.Errorf("%s:%d: indentation of %q, want depth %d", name, i+1, l, depth)
		}
		if strings.TrimRight(l, " ") != l {
			t.Errorf("%s:%d: trailing space", name, i+1)
		}
		opens := strings.HasSuffix(trimmed, "{") || strings.HasSuffix(trimmed, "[")
		if strings.Contains(l, " = ") && !opens {
			run = append(run, l)
		} else {
			closeRun()
		}
		if opens {
			depth++
		}
	}
	closeRun()
}

// The Terraform bucket policy is the JSON bucket policy: jsonencode of the
// same document, ${aws:PrincipalAccount} escaped so that Terraform passes
// it through.
func TestTerraformBucketPolicyIsTheJSONPolicy(t *testing.T) {
	p := buildSmall(t, "org-trail/policy-variable", func(r *Request) { r.Format = FormatTerraform })
	tf := artefact(t, p, "bucket-policy.tf")
	if !strings.Contains(string(tf), "$${aws:PrincipalAccount}") || strings.Contains(strings.ReplaceAll(string(tf), "$${", ""), "${") {
		t.Errorf("the policy variable is not escaped for HCL:\n%s", tf)
	}
	checkFmtLayout(t, "bucket-policy.tf", tf)
	body := parseHCL(t, tf)
	res := body[`resource aws_s3_bucket_policy central`].([]any)[0].(map[string]any)
	if res["bucket"] != smallBucket {
		t.Errorf("bucket %v", res["bucket"])
	}
	var want any
	if err := json.Unmarshal(artefact(t, p, "bucket-policy.json"), &want); err != nil {
		t.Fatal(err)
	}
	if got := res["policy"].(map[string]any)["call jsonencode"]; !reflect.DeepEqual(got, want) {
		t.Errorf("jsonencode(…) is not bucket-policy.json:\n%v\n%v", got, want)
	}
}

// The Terraform lifecycle carries the JSON lifecycle's rules, size filter
// and minimum object size.
func TestTerraformLifecycleMatchesTheJSON(t *testing.T) {
	p := buildSmall(t, "org-trail", func(r *Request) {
		r.Format = FormatTerraform
		r.Scenario.Lifecycle = lifecycleOf(30, 0, 90, 0, 131072, 0)
	})
	tf := artefact(t, p, "lifecycle.tf")
	checkFmtLayout(t, "lifecycle.tf", tf)
	res := parseHCL(t, tf)[`resource aws_s3_bucket_lifecycle_configuration central`].([]any)[0].(map[string]any)
	if res["transition_default_minimum_object_size"] != "all_storage_classes_128K" || res["bucket"] != smallBucket {
		t.Errorf("%v", res)
	}
	rules := res["rule"].([]any)
	if len(rules) != 2 {
		t.Fatalf("%d rules, want expiration and size-filtered transitions", len(rules))
	}
	expire, tiers := rules[0].(map[string]any), rules[1].(map[string]any)
	if expire["expiration"].([]any)[0].(map[string]any)["days"] != 365.0 {
		t.Errorf("expiration %v", expire["expiration"])
	}
	and := tiers["filter"].([]any)[0].(map[string]any)["and"].([]any)[0].(map[string]any)
	if and["object_size_greater_than"] != 131072.0 || and["prefix"] != "AWSLogs/" {
		t.Errorf("size filter %v", and)
	}
	tr := tiers["transition"].([]any)
	if len(tr) != 2 || tr[0].(map[string]any)["storage_class"] != "STANDARD_IA" || tr[1].(map[string]any)["days"] != 90.0 {
		t.Errorf("transitions %v", tr)
	}
}

// The layout check catches a misaligned "=" and a wrong indentation.
func TestFmtLayoutCheckCatchesMisalignment(t *testing.T) {
	for _, bad := range []string{
		"resource \"a\" \"b\" {\n  bucket = \"x\"\n  transition_default_minimum_object_size = \"y\"\n}\n",
		"resource \"a\" \"b\" {\n    bucket = \"x\"\n}\n",
	} {
		r := &recorder{}
		checkFmtLayout(r, "bad", []byte(bad))
		if !r.failed {
			t.Errorf("accepted:\n%s", bad)
		}
	}
}

// lifecycleOf is a scenario lifecycle: days to each tier, size filter.
func lifecycleOf(ia, ir, flexible, deep int, gt, lt int64) model.Lifecycle {
	return model.Lifecycle{StandardIADays: ia, GlacierIRDays: ir, GlacierFlexibleDays: flexible, DeepArchiveDays: deep,
		TransitionDefaultMinimumObjectSize: model.MinSizeAllClasses128K, ObjectSizeGreaterThan: gt, ObjectSizeLessThan: lt}
}
