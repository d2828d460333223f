package awscollect

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

// lakeClient is the CloudTrail client of the event data store's account
// and region (from its ARN; else the management account and
// EngineOptions.Region).
func (r *run) lakeClient(ctx context.Context, e *EngineOptions) (*cloudtrail.Client, error) {
	account, region := "", e.Region
	if parts := strings.Split(e.EventDataStore, ":"); len(parts) >= 6 && parts[0] == "arn" {
		region, account = parts[3], parts[4]
	}
	owner, creds, err := r.engineCredentials(ctx, account)
	if err != nil {
		return nil, err
	}
	return cloudtrail.NewFromConfig(r.clients.cfg, func(o *cloudtrail.Options) {
		o.Region = region
		o.Credentials = creds
		setEndpoint(&o.BaseEndpoint, e.Endpoint)
		o.APIOptions = append(o.APIOptions, r.meter.add(owner))
	}), nil
}

// runLake starts the query, waits for it and returns its id and the bytes
// Lake scanned (what it bills). An interrupted wait cancels the query.
func runLake(ctx context.Context, c *cloudtrail.Client, e *EngineOptions, sql string) (string, int64, error) {
	in := &cloudtrail.StartQueryInput{QueryStatement: aws.String(sql)}
	if e.Output != "" {
		in.DeliveryS3Uri = aws.String(e.Output)
	}
	out, err := c.StartQuery(ctx, in)
	if err != nil {
		return "", 0, fmt.Errorf("cloudtrail lake: StartQuery: %s", reason(err))
	}
	id := aws.ToString(out.QueryId)
	for {
		q, err := c.DescribeQuery(ctx, &cloudtrail.DescribeQueryInput{QueryId: aws.String(id)})
		if err != nil {
			return id, 0, cancelLake(ctx, c, id, fmt.Errorf("cloudtrail lake: DescribeQuery %s: %s", id, reason(err)))
		}
		switch q.QueryStatus {
		case cttypes.QueryStatusFinished:
			var scanned int64
			if s := q.QueryStatistics; s != nil {
				scanned = aws.ToInt64(s.BytesScanned)
			}
			return id, scanned, nil
		case cttypes.QueryStatusFailed, cttypes.QueryStatusCancelled, cttypes.QueryStatusTimedOut:
			return id, 0, fmt.Errorf("cloudtrail lake: query %s %s: %s", id, q.QueryStatus, aws.ToString(q.ErrorMessage))
		}
		if err := sleep(ctx, e.PollInterval); err != nil {
			return id, 0, cancelLake(ctx, c, id, fmt.Errorf("interrupted: %w", err))
		}
	}
}

func cancelLake(ctx context.Context, c *cloudtrail.Client, id string, err error) error {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if _, cerr := c.CancelQuery(sctx, &cloudtrail.CancelQueryInput{QueryId: aws.String(id)}); cerr != nil {
		return fmt.Errorf("%w (and cancelling query %s failed: %s)", err, id, reason(cerr))
	}
	return err
}

// lakeRows reads a finished query's results, page by page, and hands each
// row to add as its page arrives; it returns the rows handed, or add's
// first error.
func lakeRows(ctx context.Context, c *cloudtrail.Client, id string, add func(resultRow) error) (int, error) {
	var token *string
	var l lakeRow
	n := 0
	for {
		page, err := c.GetQueryResults(ctx, &cloudtrail.GetQueryResultsInput{QueryId: aws.String(id), NextToken: token, MaxQueryResults: aws.Int32(1000)})
		if err != nil {
			return n, fmt.Errorf("cloudtrail lake: GetQueryResults %s: %s", id, reason(err))
		}
		for _, row := range page.QueryResultRows {
			n++
			if err := add(l.read(row)); err != nil {
				return n, err
			}
		}
		token = page.NextToken
		if aws.ToString(token) == "" {
			return n, nil
		}
	}
}

// lakeRow reads Lake's rows: each a list of one-entry maps of column to
// value. Rows of the same columns in the same order (all of a result's, as
// Lake returns them) share one index.
type lakeRow struct {
	cols  []string
	index map[string]int
}

func (l *lakeRow) read(cells []map[string]string) resultRow {
	var cols, values []string
	for _, cell := range cells {
		for k, v := range cell {
			cols, values = append(cols, k), append(values, v)
		}
	}
	if l.index == nil || !equalStrings(cols, l.cols) {
		l.cols, l.index = cols, columnIndex(cols) // a column twice: its last value, as before
	}
	return resultRow{l.index, values}
}
