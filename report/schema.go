package report

import _ "embed"

// SchemaJSON is the JSON Schema (draft 2020-12) of the report document,
// trailwise.report/v1; 'trailwise report schema' prints it, and the tests
// validate every JSON the tool writes against it.
//
//go:embed schema/report.v1.json
var SchemaJSON []byte
