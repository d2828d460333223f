package plan

// keyAlias is the alias ARN of the trail buckets' KMS key, in the log
// archive account and the central bucket's region.
func (o *org) keyAlias() string {
	return "arn:aws:kms:" + o.s.Region + ":" + o.logArchive + ":alias/trailwise-cloudtrail"
}

// trailContext is the encryption context CloudTrail puts on every log
// file: any trail the management account owns (an organization trail is
// the management account's, whoever made it).
func (o *org) trailContext() string {
	return "arn:aws:cloudtrail:*:" + o.management + ":trail/*"
}

// keyPolicy is the central key's policy, from CloudTrail's documented
// statements: the key's account administers it, CloudTrail generates data
// keys and describes the key for this trail only, and (members) any
// principal of the organization decrypts CloudTrail's log files. The
// bucket policy decides which objects a member can read; the key cannot
// tell one account's files from another's.
func (o *org) keyPolicy(members bool) obj {
	source := cond("StringEquals", "aws:SourceArn", o.trailARN())
	st := []stmt{
		{Sid: "EnableIAMUserPermissions", Principal: obj{{"AWS", "arn:aws:iam::" + o.logArchive + ":root"}}, Action: "kms:*", Resource: "*"},
		{Sid: "AllowCloudTrailToEncryptLogs", Principal: service("cloudtrail.amazonaws.com"), Action: "kms:GenerateDataKey*", Resource: "*",
			Condition: conditions(source, cond("StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", o.trailContext()))},
		{Sid: "AllowCloudTrailToDescribeKey", Principal: service("cloudtrail.amazonaws.com"), Action: "kms:DescribeKey", Resource: "*",
			Condition: conditions(source)},
	}
	if members {
		st = append(st, stmt{Sid: "AllowOrganizationToDecryptLogFiles", Principal: anyone(), Action: "kms:Decrypt", Resource: "*",
			Condition: conditions(cond("StringEquals", "aws:PrincipalOrgID", o.id),
				cond("StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", o.trailContext()))})
	}
	return policy(st...)
}
