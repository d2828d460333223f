package plan

import (
	"fmt"

	"github.com/trailwise/trailwise/model"
)

// cloudTrailStatements are the three statements AWS documents for an
// organization trail's bucket: CloudTrail checks the bucket ACL, writes the
// management account's own logs (should the trail become an account
// trail), and writes the organization's; each only for this trail
// (aws:SourceArn) and with the bucket owner in full control.
func (o *org) cloudTrailStatements() []stmt {
	arn := o.bucketARN()
	source := cond("StringEquals", "aws:SourceArn", o.trailARN())
	write := func(sid, prefix string) stmt {
		return stmt{Sid: sid, Principal: service("cloudtrail.amazonaws.com"), Action: "s3:PutObject",
			Resource:  arn + "/AWSLogs/" + prefix + "/*",
			Condition: conditions(cond("StringEquals", "s3:x-amz-acl", "bucket-owner-full-control", "aws:SourceArn", o.trailARN()))}
	}
	return []stmt{
		{Sid: "AWSCloudTrailAclCheck20150319", Principal: service("cloudtrail.amazonaws.com"), Action: "s3:GetBucketAcl",
			Resource: arn, Condition: conditions(source)},
		write("AWSCloudTrailWrite20150319", o.management),
		write("AWSCloudTrailOrganizationWrite20150319", o.id),
	}
}

// memberPrefix is the prefix of one account's logs in the central bucket.
func (o *org) memberPrefix(account string) string {
	return "AWSLogs/" + o.id + "/" + account + "/"
}

// policyVariableStatements let every account of the organization read and
// list its own prefix, and no other, with two statements that never change:
// the account is the requester's (${aws:PrincipalAccount}), the
// organization is checked by aws:PrincipalOrgID.
func (o *org) policyVariableStatements() []stmt {
	inOrg := cond("StringEquals", "aws:PrincipalOrgID", o.id)
	return []stmt{
		{Sid: "MembersReadOwnPrefix", Principal: anyone(), Action: "s3:GetObject",
			Resource:  o.bucketARN() + "/" + o.memberPrefix(PrincipalAccountVariable) + "*",
			Condition: conditions(inOrg)},
		{Sid: "MembersListOwnPrefix", Principal: anyone(), Action: "s3:ListBucket", Resource: o.bucketARN(),
			Condition: conditions(inOrg, cond("StringLike", "s3:prefix", o.memberPrefix(PrincipalAccountVariable)+"*"))},
	}
}

// perAccountStatements are today's way: two statements per account,
// naming it, edited at every onboarding.
func (o *org) perAccountStatements() []stmt {
	var out []stmt
	for _, a := range o.accounts {
		root := obj{{"AWS", "arn:aws:iam::" + a + ":root"}}
		out = append(out,
			stmt{Sid: "MemberRead" + a, Principal: root, Action: "s3:GetObject",
				Resource: o.bucketARN() + "/" + o.memberPrefix(a) + "*"},
			stmt{Sid: "MemberList" + a, Principal: root, Action: "s3:ListBucket", Resource: o.bucketARN(),
				Condition: conditions(cond("StringLike", "s3:prefix", o.memberPrefix(a)+"*"))})
	}
	return out
}

// centralBucketPolicy is the central bucket's policy for a member-access
// variant (Lake Formation and none: CloudTrail's statements only).
func (o *org) centralBucketPolicy(variant string) obj {
	st := o.cloudTrailStatements()
	switch variant {
	case model.AccessPolicyVariable:
		st = append(st, o.policyVariableStatements()...)
	case model.AccessPerAccountPolicy:
		st = append(st, o.perAccountStatements()...)
	}
	return policy(st...)
}

// policySizeNote says how big the per-account policy is against S3's
// limit, and what one more account adds.
func (o *org) policySizeNote(p obj) string {
	size := len(compactJSON(p))
	n := len(o.accounts)
	if size > model.BucketPolicyLimit {
		return fmt.Sprintf("bucket-policy.json is %d bytes without white space for %d accounts, over S3's %d-byte bucket-policy limit: S3 will refuse it; use --member-access policy-variable.",
			size, n, model.BucketPolicyLimit)
	}
	perAccount := 0
	if n > 0 {
		fewer := *o
		fewer.accounts = o.accounts[:n-1]
		perAccount = size - len(compactJSON(fewer.centralBucketPolicy(model.AccessPerAccountPolicy)))
	}
	return fmt.Sprintf("bucket-policy.json is %d bytes without white space for %d accounts (S3's limit: %d); each account that joins is two more statements, about %d bytes, and an edit.",
		size, n, model.BucketPolicyLimit, perAccount)
}

// orgTrailPlan writes the organization trail's central bucket artefacts.
func (o *org) orgTrailPlan(variant string) *Plan {
	id := model.OrgTrail
	if variant != model.AccessNone {
		id += "/" + variant
	}
	p := &Plan{Strategy: id}
	bp := o.centralBucketPolicy(variant)
	lc := o.lifecycle(o.bucket, o.s.CentralRetentionDays)
	p.Artefacts = append(p.Artefacts,
		Artefact{"bucket-policy.json", indentJSON(bp),
			"aws s3api put-bucket-policy --bucket " + o.bucket + " --policy file://bucket-policy.json"},
		Artefact{"lifecycle.json", indentJSON(lc),
			"aws s3api put-bucket-lifecycle-configuration --cli-input-json file://lifecycle.json"},
		Artefact{"trail.json", indentJSON(o.createTrailInput("")),
			"aws cloudtrail create-trail --cli-input-json file://trail.json in the management account, region " + o.trailHome + " (update-trail takes it for an existing trail)"})
	if o.s.SSEKMS {
		members := variant != model.AccessNone && variant != model.AccessLakeFormation
		p.Artefacts = append(p.Artefacts, Artefact{"kms-key-policy.json", indentJSON(o.keyPolicy(members)),
			"aws kms create-key --policy file://kms-key-policy.json (log archive account), then create-alias alias/trailwise-cloudtrail"})
	}
	if o.r.Format == FormatTerraform {
		p.Artefacts = append(p.Artefacts,
			Artefact{"bucket-policy.tf", terraformBucketPolicy("central", o.bucket, bp), "Terraform: the bucket policy (aws_s3_bucket_policy)"},
			Artefact{"lifecycle.tf", terraformLifecycle("central", lc), "Terraform: the lifecycle (aws_s3_bucket_lifecycle_configuration)"})
	}
	switch variant {
	case model.AccessPerAccountPolicy:
		p.Notes = append(p.Notes, o.policySizeNote(bp))
	case model.AccessLakeFormation:
		p.Notes = append(p.Notes, "Lake Formation grants are not written: members read through Lake Formation tables over this bucket, so the bucket policy has CloudTrail's statements only.")
	}
	return p
}

// createTrailInput is the organization trail as 'aws cloudtrail
// create-trail --cli-input-json' takes it; cwl adds CloudWatch Logs.
func (o *org) createTrailInput(cwl string) obj {
	t := obj{{"Name", o.trailName}, {"S3BucketName", o.bucket}, {"IncludeGlobalServiceEvents", true},
		{"IsMultiRegionTrail", true}, {"EnableLogFileValidation", o.s.LogFileValidation}, {"IsOrganizationTrail", true}}
	if cwl != "" {
		t = append(t, kv{"CloudWatchLogsLogGroupArn", cwl + ":*"}, kv{"CloudWatchLogsRoleArn", o.cloudWatchRoleARN()})
	}
	if o.s.SSEKMS {
		t = append(t, kv{"KmsKeyId", o.keyAlias()})
	}
	return t
}
