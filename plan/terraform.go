package plan

import (
	"fmt"
	"regexp"
	"strings"
)

// Terraform output is HCL in the layout 'terraform fmt' leaves unchanged:
// two-space indentation, and the "=" of consecutive one-line attributes
// aligned one space after the longest name (a line that opens a multi-line
// value, a block or a blank line ends such a run).

// hclAttr is an attribute (or an object constructor's member).
type hclAttr struct {
	Name  string
	Value any // string, int, int64, bool, obj, []obj, []string, []any, hclCall
}

// hclBlock is a nested block.
type hclBlock struct {
	Type   string
	Labels []string
	Body   []any // hclAttr, hclBlock or hclBlank
}

// hclBlank is an empty line between items.
type hclBlank struct{}

// hclCall is a function call with one argument, such as jsonencode(…).
type hclCall struct {
	Name string
	Arg  any
}

var hclIdentifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// hclString quotes s, escaping what HCL would otherwise interpolate:
// ${aws:PrincipalAccount} must reach the policy as written.
func hclString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "${", "$${", "%{", "%%{")
	return `"` + r.Replace(s) + `"`
}

// hclKey is an object member's name: bare when it is an identifier.
func hclKey(k string) string {
	if hclIdentifier.MatchString(k) {
		return k
	}
	return hclString(k)
}

// hclValue renders v at indentation depth; multi-line values end without
// a newline.
func hclValue(v any, depth int) string {
	pad := strings.Repeat("  ", depth)
	switch x := v.(type) {
	case string:
		return hclString(x)
	case bool, int, int64:
		return fmt.Sprint(x)
	case hclCall:
		return x.Name + "(" + hclValue(x.Arg, depth) + ")"
	case obj:
		if len(x) == 0 {
			return "{}"
		}
		items := make([]any, len(x))
		for i, m := range x {
			items[i] = hclAttr{hclKey(m.K), m.V}
		}
		return "{\n" + hclBody(items, depth+1) + pad + "}"
	case []obj:
		list := make([]any, len(x))
		for i := range x {
			list[i] = x[i]
		}
		return hclValue(list, depth)
	case []string:
		list := make([]any, len(x))
		for i := range x {
			list[i] = x[i]
		}
		return hclValue(list, depth)
	case []any:
		if len(x) == 0 {
			return "[]"
		}
		var b strings.Builder
		b.WriteString("[\n")
		for _, e := range x {
			b.WriteString(pad + "  " + hclValue(e, depth+1) + ",\n")
		}
		return b.String() + pad + "]"
	}
	panic(fmt.Sprintf("plan: no HCL form for %T", v))
}

// hclBody renders items at depth, aligning runs of one-line attributes.
func hclBody(items []any, depth int) string {
	pad := strings.Repeat("  ", depth)
	var b strings.Builder
	for i := 0; i < len(items); {
		if a, ok := items[i].(hclAttr); ok && !strings.Contains(hclValue(a.Value, depth), "\n") {
			j, width := i, 0
			for ; j < len(items); j++ {
				a, ok := items[j].(hclAttr)
				if !ok || strings.Contains(hclValue(a.Value, depth), "\n") {
					break
				}
				width = max(width, len(a.Name))
			}
			for _, it := range items[i:j] {
				a := it.(hclAttr)
				fmt.Fprintf(&b, "%s%-*s = %s\n", pad, width, a.Name, hclValue(a.Value, depth))
			}
			i = j
			continue
		}
		switch x := items[i].(type) {
		case hclAttr:
			fmt.Fprintf(&b, "%s%s = %s\n", pad, x.Name, hclValue(x.Value, depth))
		case hclBlock:
			head := x.Type
			for _, l := range x.Labels {
				head += " " + hclString(l)
			}
			fmt.Fprintf(&b, "%s%s {\n%s%s}\n", pad, head, hclBody(x.Body, depth+1), pad)
		case hclBlank:
			b.WriteString("\n")
		}
		i++
	}
	return b.String()
}

// terraformBucketPolicy is the bucket policy as an aws_s3_bucket_policy
// resource, the document in jsonencode so that Terraform compares it as
// data, not text.
func terraformBucketPolicy(name, bucket string, p obj) []byte {
	return []byte(hclBody([]any{hclBlock{Type: "resource", Labels: []string{"aws_s3_bucket_policy", name}, Body: []any{
		hclAttr{"bucket", bucket},
		hclAttr{"policy", hclCall{"jsonencode", p}},
	}}}, 0))
}

// terraformLifecycle is the lifecycle input (see lifecycle) as an
// aws_s3_bucket_lifecycle_configuration resource.
func terraformLifecycle(name string, in obj) []byte {
	body := []any{
		hclAttr{"bucket", in.get("Bucket")},
		hclAttr{"transition_default_minimum_object_size", in.get("TransitionDefaultMinimumObjectSize")},
	}
	for _, r := range in.get("LifecycleConfiguration").(obj).get("Rules").([]obj) {
		body = append(body, hclBlank{}, terraformRule(r))
	}
	return []byte(hclBody([]any{hclBlock{Type: "resource", Labels: []string{"aws_s3_bucket_lifecycle_configuration", name}, Body: body}}, 0))
}

// terraformRule is one lifecycle rule as a rule block.
func terraformRule(r obj) hclBlock {
	body := []any{hclAttr{"id", r.get("ID")}, hclAttr{"status", r.get("Status")}, hclBlank{}, terraformFilter(r.get("Filter").(obj))}
	if ts, ok := r.get("Transitions").([]obj); ok {
		for _, t := range ts {
			body = append(body, hclBlank{}, hclBlock{Type: "transition", Body: []any{
				hclAttr{"days", t.get("Days")}, hclAttr{"storage_class", t.get("StorageClass")}}})
		}
	}
	if e, ok := r.get("Expiration").(obj); ok {
		body = append(body, hclBlank{}, hclBlock{Type: "expiration", Body: []any{hclAttr{"days", e.get("Days")}}})
	}
	if n, ok := r.get("NoncurrentVersionExpiration").(obj); ok {
		body = append(body, hclBlank{}, hclBlock{Type: "noncurrent_version_expiration", Body: []any{hclAttr{"noncurrent_days", n.get("NoncurrentDays")}}})
	}
	return hclBlock{Type: "rule", Body: body}
}

// terraformFilter is a rule's filter block: a prefix, or an and block
// with the size range.
func terraformFilter(f obj) hclBlock {
	and, ok := f.get("And").(obj)
	if !ok {
		return hclBlock{Type: "filter", Body: []any{hclAttr{"prefix", f.get("Prefix")}}}
	}
	inner := []any{hclAttr{"prefix", and.get("Prefix")}}
	if v := and.get("ObjectSizeGreaterThan"); v != nil {
		inner = append(inner, hclAttr{"object_size_greater_than", v})
	}
	if v := and.get("ObjectSizeLessThan"); v != nil {
		inner = append(inner, hclAttr{"object_size_less_than", v})
	}
	return hclBlock{Type: "filter", Body: []any{hclBlock{Type: "and", Body: inner}}}
}
