package plan

import "fmt"

// lifecycleTransitions are the scenario's transitions, as S3 names the
// classes, that happen before the retention ends.
func (o *org) lifecycleTransitions(retention int) []obj {
	l := o.s.Lifecycle
	var out []obj
	for _, t := range []struct {
		days  int
		class string
	}{
		{l.StandardIADays, "STANDARD_IA"},
		{l.GlacierIRDays, "GLACIER_IR"},
		{l.GlacierFlexibleDays, "GLACIER"},
		{l.DeepArchiveDays, "DEEP_ARCHIVE"},
	} {
		if t.days > 0 && t.days < retention {
			out = append(out, obj{{"Days", t.days}, {"StorageClass", t.class}})
		}
	}
	return out
}

// sizeFilter is the rule's filter: the log prefix, and the scenario's
// size range if it has one (a size filter takes precedence over the
// default minimum object size).
func (o *org) sizeFilter() obj {
	l := o.s.Lifecycle
	if l.ObjectSizeGreaterThan == 0 && l.ObjectSizeLessThan == 0 {
		return obj{{"Prefix", "AWSLogs/"}}
	}
	and := obj{{"Prefix", "AWSLogs/"}}
	if l.ObjectSizeGreaterThan > 0 {
		and = append(and, kv{"ObjectSizeGreaterThan", l.ObjectSizeGreaterThan})
	}
	if l.ObjectSizeLessThan > 0 {
		and = append(and, kv{"ObjectSizeLessThan", l.ObjectSizeLessThan})
	}
	return obj{{"And", and}}
}

// lifecycle is a trail bucket's lifecycle as 'aws s3api
// put-bucket-lifecycle-configuration --cli-input-json' takes it: every log
// and digest file expires at the retention (and a version it leaves behind
// a day later, for versioned buckets), and the transitions move the
// objects the size filter takes. With a size filter the two are separate
// rules, since a filter applies to a whole rule and expiration must take
// every object.
func (o *org) lifecycle(bucket string, retention int) obj {
	expire := obj{{"Days", retention}}
	noncurrent := obj{{"NoncurrentDays", 1}}
	transitions := o.lifecycleTransitions(retention)
	filter := o.sizeFilter()
	var rules []obj
	if len(transitions) > 0 && filter.get("And") == nil {
		rules = append(rules, obj{{"ID", fmt.Sprintf("trailwise-tiers-then-expire-%dd", retention)}, {"Filter", filter}, {"Status", "Enabled"},
			{"Transitions", transitions}, {"Expiration", expire}, {"NoncurrentVersionExpiration", noncurrent}})
	} else {
		rules = append(rules, obj{{"ID", fmt.Sprintf("trailwise-expire-%dd", retention)}, {"Filter", obj{{"Prefix", "AWSLogs/"}}}, {"Status", "Enabled"},
			{"Expiration", expire}, {"NoncurrentVersionExpiration", noncurrent}})
		if len(transitions) > 0 {
			rules = append(rules, obj{{"ID", "trailwise-tiers-by-size"}, {"Filter", filter}, {"Status", "Enabled"}, {"Transitions", transitions}})
		}
	}
	return obj{{"Bucket", bucket}, {"LifecycleConfiguration", obj{{"Rules", rules}}},
		{"TransitionDefaultMinimumObjectSize", o.s.Lifecycle.TransitionDefaultMinimumObjectSize}}
}
