package awscollect

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"
	"github.com/trailwise/trailwise/model"
)

// athenaClient is the Athena client of the engine: in the bucket's account
// (through the role there, with BucketAccount) or the management account,
// in EngineOptions.Region.
func (r *run) athenaClient(ctx context.Context, e *EngineOptions) (*athena.Client, error) {
	account, creds, err := r.engineCredentials(ctx, r.o.BucketAccount)
	if err != nil {
		return nil, err
	}
	return athena.NewFromConfig(r.clients.cfg, func(o *athena.Options) {
		o.Region = e.Region
		o.Credentials = creds
		setEndpoint(&o.BaseEndpoint, e.Endpoint)
		o.APIOptions = append(o.APIOptions, r.meter.add(account))
	}), nil
}

// engineCredentials are the management account's own, or the role's in
// another account of the organization.
func (r *run) engineCredentials(ctx context.Context, account string) (string, aws.CredentialsProvider, error) {
	owner := r.o.managementAccount
	if account == "" || account == owner {
		return owner, r.clients.credentials(owner), nil
	}
	creds, gap := r.reach(ctx, model.Account{ID: account, Status: "ACTIVE"}, "engine")
	if gap != nil {
		return "", nil, fmt.Errorf("account %s: %s", account, gap.Reason)
	}
	return account, creds, nil
}

// runAthena starts one statement in the workgroup, database and output
// location, waits for it and returns its id and the bytes Athena scanned.
// An interrupted wait stops the query, so that it is not billed on.
func runAthena(ctx context.Context, c *athena.Client, e *EngineOptions, sql string) (string, int64, error) {
	in := &athena.StartQueryExecutionInput{
		QueryString:           aws.String(sql),
		QueryExecutionContext: &athenatypes.QueryExecutionContext{Database: aws.String(e.Database)},
	}
	if e.Workgroup != "" {
		in.WorkGroup = aws.String(e.Workgroup)
	}
	if e.Output != "" {
		in.ResultConfiguration = &athenatypes.ResultConfiguration{OutputLocation: aws.String(e.Output)}
	}
	out, err := c.StartQueryExecution(ctx, in)
	if err != nil {
		return "", 0, fmt.Errorf("athena: StartQueryExecution: %s", reason(err))
	}
	id := aws.ToString(out.QueryExecutionId)
	for {
		q, err := c.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: aws.String(id)})
		if err != nil {
			return id, 0, stopAthena(ctx, c, id, fmt.Errorf("athena: GetQueryExecution %s: %s", id, reason(err)))
		}
		st := q.QueryExecution.Status
		switch st.State {
		case athenatypes.QueryExecutionStateSucceeded:
			var scanned int64
			if s := q.QueryExecution.Statistics; s != nil {
				scanned = aws.ToInt64(s.DataScannedInBytes)
			}
			return id, scanned, nil
		case athenatypes.QueryExecutionStateFailed, athenatypes.QueryExecutionStateCancelled:
			return id, 0, fmt.Errorf("athena: query %s %s: %s", id, st.State, aws.ToString(st.StateChangeReason))
		}
		if err := sleep(ctx, e.PollInterval); err != nil {
			return id, 0, stopAthena(ctx, c, id, fmt.Errorf("interrupted: %w", err))
		}
	}
}

// stopAthena stops a query the run no longer waits for (the run's own
// context may be done: the stop gets a few seconds of its own).
func stopAthena(ctx context.Context, c *athena.Client, id string, err error) error {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if _, serr := c.StopQueryExecution(sctx, &athena.StopQueryExecutionInput{QueryExecutionId: aws.String(id)}); serr != nil {
		return fmt.Errorf("%w (and stopping query %s failed: %s: stop it in the Athena console)", err, id, reason(serr))
	}
	return err
}

// athenaRows reads a query's results, page by page, and hands each row to
// add as its page arrives (the first row of a SELECT's first page is its
// header); it returns the rows handed, or add's first error.
func athenaRows(ctx context.Context, c *athena.Client, id string, add func(resultRow) error) (int, error) {
	var cols []string
	var index map[string]int
	first, n := true, 0
	p := athena.NewGetQueryResultsPaginator(c, &athena.GetQueryResultsInput{QueryExecutionId: aws.String(id), MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return n, fmt.Errorf("athena: GetQueryResults %s: %s", id, reason(err))
		}
		if page.ResultSet == nil {
			continue
		}
		if cols == nil && page.ResultSet.ResultSetMetadata != nil {
			for _, ci := range page.ResultSet.ResultSetMetadata.ColumnInfo {
				cols = append(cols, aws.ToString(ci.Name))
			}
			index = columnIndex(cols)
		}
		for i, row := range page.ResultSet.Rows {
			values := make([]string, len(row.Data))
			for j, d := range row.Data {
				values[j] = aws.ToString(d.VarCharValue)
			}
			if first && i == 0 && equalStrings(values, cols) {
				continue // the header
			}
			if len(values) != len(cols) {
				return n, fmt.Errorf("athena: GetQueryResults %s: a row of %d values for %d columns", id, len(values), len(cols))
			}
			n++
			if err := add(resultRow{index, values}); err != nil {
				return n, err
			}
		}
		first = false
	}
	if cols == nil && n == 0 {
		return 0, errors.New("athena: GetQueryResults " + id + ": no result columns")
	}
	return n, nil
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
