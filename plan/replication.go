package plan

import "fmt"

// ReplicationRoleName is the role S3 replication assumes in every account.
const ReplicationRoleName = "trailwise-cloudtrail-replication"

// replicationRoleARN is one account's replication role.
func replicationRoleARN(account string) string {
	return "arn:aws:iam::" + account + ":role/" + ReplicationRoleName
}

// replicasOf is the central bucket's prefix for one account's replicas:
// an account trail writes AWSLogs/<account>/, and the replica keeps its key.
func (o *org) replicasOf(account string) string {
	return o.bucketARN() + "/AWSLogs/" + account + "/*"
}

// replicationConfig is one account bucket's replication to the central
// bucket, as 'aws s3api put-bucket-replication --cli-input-json' takes it.
// The central account owns the replicas; delete markers are not
// replicated, so the central copy keeps its own retention.
func (o *org) replicationConfig(account string) obj {
	dest := obj{{"Bucket", o.bucketARN()}, {"Account", o.logArchive}, {"AccessControlTranslation", obj{{"Owner", "Destination"}}}}
	if o.s.SSEKMS {
		dest = append(dest, kv{"EncryptionConfiguration", obj{{"ReplicaKmsKeyID", o.keyAlias()}}})
	}
	if o.s.ReplicationTimeControl {
		dest = append(dest, kv{"ReplicationTime", obj{{"Status", "Enabled"}, {"Time", obj{{"Minutes", 15}}}}},
			kv{"Metrics", obj{{"Status", "Enabled"}, {"EventThreshold", obj{{"Minutes", 15}}}}})
	}
	rule := obj{{"ID", "trailwise-to-central"}, {"Priority", 1}, {"Status", "Enabled"}, {"Filter", obj{{"Prefix", "AWSLogs/"}}},
		{"DeleteMarkerReplication", obj{{"Status", "Disabled"}}}}
	if o.s.SSEKMS {
		rule = append(rule, kv{"SourceSelectionCriteria", obj{{"SseKmsEncryptedObjects", obj{{"Status", "Enabled"}}}}})
	}
	rule = append(rule, kv{"Destination", dest})
	return obj{{"Bucket", o.accountBucket(account)},
		{"ReplicationConfiguration", obj{{"Role", replicationRoleARN(account)}, {"Rules", []obj{rule}}}}}
}

// replicationRolePolicy is what one account's replication role may do, as
// S3's replication permissions are documented: read the source bucket's
// configuration and object versions, write replicas under the account's
// own prefix of the central bucket and hand them to its owner.
func (o *org) replicationRolePolicy(account string) obj {
	src := "arn:aws:s3:::" + o.accountBucket(account)
	st := []stmt{
		{Sid: "ReadSourceBucket", Action: []string{"s3:GetReplicationConfiguration", "s3:ListBucket"}, Resource: src},
		{Sid: "ReadSourceObjectVersions", Action: []string{"s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"},
			Resource: src + "/*"},
		{Sid: "WriteReplicasToCentralBucket", Action: []string{"s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"},
			Resource: o.replicasOf(account)},
	}
	if o.s.SSEKMS {
		home := o.accountHome(account)
		st = append(st,
			stmt{Sid: "DecryptSourceObjects", Action: "kms:Decrypt", Resource: "arn:aws:kms:" + home + ":" + account + ":key/*",
				Condition: conditions(cond("StringEquals", "kms:ViaService", "s3."+home+".amazonaws.com"))},
			stmt{Sid: "EncryptReplicas", Action: []string{"kms:Encrypt", "kms:GenerateDataKey"}, Resource: "arn:aws:kms:" + o.s.Region + ":" + o.logArchive + ":key/*",
				Condition: conditions(cond("StringEquals", "kms:ViaService", "s3."+o.s.Region+".amazonaws.com"))})
	}
	return policy(st...)
}

// replicationRoleTrust lets S3 assume the role for this account's buckets only.
func replicationRoleTrust(account string) obj {
	return trustPolicy("s3.amazonaws.com", cond("StringEquals", "aws:SourceAccount", account))
}

// replicaBucketPolicy is the central bucket's policy under replication:
// every account's replication role, and no other principal, writes
// replicas under its own account's prefix. Like the policy-variable
// member access, it names no account, so no edit is needed when one joins.
func (o *org) replicaBucketPolicy() obj {
	roles := cond("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/"+ReplicationRoleName)
	inOrg := cond("StringEquals", "aws:PrincipalOrgID", o.id)
	return policy(
		stmt{Sid: "ReplicationRolesWriteOwnPrefix", Principal: anyone(),
			Action:    []string{"s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"},
			Resource:  o.bucketARN() + "/AWSLogs/" + PrincipalAccountVariable + "/*",
			Condition: conditions(inOrg, roles)},
		stmt{Sid: "ReplicationRolesCheckVersioning", Principal: anyone(),
			Action: []string{"s3:GetBucketVersioning", "s3:PutBucketVersioning"}, Resource: o.bucketARN(),
			Condition: conditions(inOrg, roles)},
	)
}

// replicaKeyPolicy is the central key's policy under replication: the
// organization's replication roles encrypt replicas with it.
func (o *org) replicaKeyPolicy() obj {
	return policy(
		stmt{Sid: "EnableIAMUserPermissions", Principal: obj{{"AWS", "arn:aws:iam::" + o.logArchive + ":root"}}, Action: "kms:*", Resource: "*"},
		stmt{Sid: "ReplicationRolesEncryptReplicas", Principal: anyone(), Action: []string{"kms:Encrypt", "kms:GenerateDataKey"}, Resource: "*",
			Condition: conditions(cond("StringEquals", "aws:PrincipalOrgID", o.id),
				cond("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/"+ReplicationRoleName))},
	)
}

// replicationPlan writes the central bucket's artefacts and, per account,
// the replication configuration and the role it uses.
func (o *org) replicationPlan() *Plan {
	p := &Plan{Strategy: "trails-replication"}
	bp := o.replicaBucketPolicy()
	central := o.lifecycle(o.bucket, o.s.CentralRetentionDays)
	p.Artefacts = append(p.Artefacts,
		Artefact{"central-bucket/bucket-policy.json", indentJSON(bp),
			"aws s3api put-bucket-policy --bucket " + o.bucket + " --policy file://central-bucket/bucket-policy.json (log archive account)"},
		Artefact{"central-bucket/lifecycle.json", indentJSON(central),
			"aws s3api put-bucket-lifecycle-configuration --cli-input-json file://central-bucket/lifecycle.json"})
	if o.s.SSEKMS {
		p.Artefacts = append(p.Artefacts, Artefact{"central-bucket/kms-key-policy.json", indentJSON(o.replicaKeyPolicy()),
			"aws kms create-key --policy file://central-bucket/kms-key-policy.json (log archive account), then create-alias alias/trailwise-cloudtrail"})
	}
	if o.r.Format == FormatTerraform {
		p.Artefacts = append(p.Artefacts,
			Artefact{"central-bucket/bucket-policy.tf", terraformBucketPolicy("central", o.bucket, bp), "Terraform: the central bucket policy"},
			Artefact{"central-bucket/lifecycle.tf", terraformLifecycle("central", central), "Terraform: the central bucket lifecycle"})
	}
	for _, a := range o.accounts {
		dir := "accounts/" + a + "/"
		p.Artefacts = append(p.Artefacts,
			Artefact{dir + "replication.json", indentJSON(o.replicationConfig(a)), ""},
			Artefact{dir + "replication-role-policy.json", indentJSON(o.replicationRolePolicy(a)), ""},
			Artefact{dir + "replication-role-trust.json", indentJSON(replicationRoleTrust(a)), ""},
			Artefact{dir + "lifecycle.json", indentJSON(o.lifecycle(o.accountBucket(a), o.s.AccountBucketRetentionDays)), ""})
	}
	if guessed := len(o.accounts) - len(o.accountBuckets); guessed > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("The dataset names no trail bucket for %d of the %d accounts: their files use cloudtrail-<account id>; change Bucket in replication.json, lifecycle.json and the role policy where yours differ.", guessed, len(o.accounts)))
	}
	p.Notes = append(p.Notes, "Replication needs versioning on every account bucket and on the central bucket; the lifecycle rules expire the versions expiration leaves behind a day later.")
	if o.s.Replication == "cross-region" {
		p.Notes = append(p.Notes, "cross-region: the scenario puts the central bucket in "+o.s.Region+" and prices inter-region transfer; the account buckets stay in their own regions.")
	}
	return p
}
