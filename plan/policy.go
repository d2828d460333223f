package plan

// Policy documents are written as ordered objects (Version, Statement;
// Sid, Effect, Principal, Action, Resource, Condition) so they read as AWS
// documents them.

// PrincipalAccountVariable is the IAM policy variable that is the account
// of the principal making the request.
const PrincipalAccountVariable = "${aws:PrincipalAccount}"

// stmt is one policy statement; empty parts are left out.
type stmt struct {
	Sid       string
	Effect    string // empty: Allow
	Principal any    // nil for identity policies
	Action    any    // a string or []string
	Resource  any    // a string or []string
	Condition obj
}

func (s stmt) obj() obj {
	effect := s.Effect
	if effect == "" {
		effect = "Allow"
	}
	o := obj{{"Sid", s.Sid}, {"Effect", effect}}
	if s.Principal != nil {
		o = append(o, kv{"Principal", s.Principal})
	}
	o = append(o, kv{"Action", s.Action})
	if s.Resource != nil { // a trust policy has none
		o = append(o, kv{"Resource", s.Resource})
	}
	if len(s.Condition) > 0 {
		o = append(o, kv{"Condition", s.Condition})
	}
	return o
}

// policy is a policy document of the statements.
func policy(statements ...stmt) obj {
	list := make([]obj, len(statements))
	for i, s := range statements {
		list[i] = s.obj()
	}
	return obj{{"Version", "2012-10-17"}, {"Statement", list}}
}

// service is the Principal of an AWS service.
func service(name string) obj { return obj{{"Service", name}} }

// anyone is the Principal "every AWS principal", narrowed by conditions.
func anyone() obj { return obj{{"AWS", "*"}} }

// cond builds a Condition block: operator, then key and value pairs.
func cond(op string, pairs ...any) kv {
	block := obj{}
	for i := 0; i+1 < len(pairs); i += 2 {
		block = append(block, kv{pairs[i].(string), pairs[i+1]})
	}
	return kv{op, block}
}

// conditions is a Condition element of the blocks.
func conditions(blocks ...kv) obj { return obj(blocks) }

// trustPolicy lets one AWS service assume a role.
func trustPolicy(svc string, extra ...kv) obj {
	s := stmt{Sid: "AssumedByService", Principal: service(svc), Action: "sts:AssumeRole", Condition: conditions(extra...)}
	return policy(s)
}
