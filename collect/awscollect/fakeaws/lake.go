package fakeaws

import (
	"net/http"
)

// Lake is a fake of the CloudTrail Lake query API (JSON 1.1, X-Amz-Target
// CloudTrail_20131101.*): StartQuery, DescribeQuery (QUEUED, RUNNING, then
// FINISHED, FAILED, CANCELLED or TIMED_OUT), GetQueryResults
// (QueryResultRows: a list of rows, each a list of one-entry maps of column
// to value, paginated with NextToken; no header row) and CancelQuery,
// shaped as the CloudTrail API reference shows. It runs on its own
// endpoint, beside the Fake that serves the rest of CloudTrail.
type Lake struct{ *engine }

// NewLake starts a CloudTrail Lake fake answering every query with answer.
func NewLake(answer func(statement string) QueryAnswer) *Lake {
	return &Lake{newEngine(answer, "CloudTrail_20131101", serveLake)}
}

func serveLake(e *engine, w http.ResponseWriter, r *http.Request) {
	action, in, ok := e.serve(w, r, "CloudTrail_20131101")
	if !ok {
		return
	}
	out, err := lakeAction(e, r, action, in)
	if err != nil {
		writeJSONError(w, err)
		return
	}
	writeJSON(w, out)
}

func lakeAction(e *engine, r *http.Request, action string, in map[string]any) (any, *apiError) {
	switch action {
	case "cloudtrail:StartQuery":
		q := e.start(r, str(in, "QueryStatement"))
		e.mu.Lock()
		q.Output = str(in, "DeliveryS3Uri")
		e.mu.Unlock()
		return map[string]any{"QueryId": q.ID}, nil
	case "cloudtrail:DescribeQuery":
		q := e.find(str(in, "QueryId"), true)
		if q == nil {
			return nil, newErr(400, "QueryIdNotFoundException", "The query ID does not exist or does not map to a query.")
		}
		state := e.state(q, "FAILED", "FINISHED")
		out := map[string]any{
			"QueryId":     q.ID,
			"QueryString": q.Statement,
			"QueryStatus": state,
			"QueryStatistics": map[string]any{
				"EventsMatched": q.answer.rowCount(), "EventsScanned": q.answer.rowCount(),
				"BytesScanned": q.answer.Scanned, "ExecutionTimeInMillis": 1500, "CreationTime": 1793577600,
			},
		}
		if state == "FAILED" {
			out["ErrorMessage"] = q.answer.Fail
		}
		return out, nil
	case "cloudtrail:GetQueryResults":
		q := e.find(str(in, "QueryId"), false)
		if q == nil {
			return nil, newErr(400, "QueryIdNotFoundException", "The query ID does not exist or does not map to a query.")
		}
		state := e.state(q, "FAILED", "FINISHED")
		if state != "FINISHED" {
			return map[string]any{"QueryStatus": state, "QueryResultRows": []any{}}, nil
		}
		rows, next, err := pageIndexed(q.answer.rowCount(), q.answer.rowAt, str(in, "NextToken"), e.PageSize)
		if err != nil {
			return nil, err
		}
		out := make([][]map[string]string, 0, len(rows))
		for _, row := range rows {
			cells := make([]map[string]string, len(row))
			for i, v := range row {
				cells[i] = map[string]string{q.answer.Columns[i]: v}
			}
			out = append(out, cells)
		}
		return withToken(map[string]any{
			"QueryStatus":     state,
			"QueryStatistics": map[string]any{"ResultsCount": len(rows), "TotalResultsCount": q.answer.rowCount(), "BytesScanned": q.answer.Scanned},
			"QueryResultRows": out,
		}, "NextToken", next), nil
	case "cloudtrail:CancelQuery":
		q := e.find(str(in, "QueryId"), false)
		if q == nil {
			return nil, newErr(400, "QueryIdNotFoundException", "The query ID does not exist or does not map to a query.")
		}
		e.mu.Lock()
		q.stopped = true
		e.mu.Unlock()
		return map[string]any{"QueryId": q.ID, "QueryStatus": "CANCELLED"}, nil
	}
	return nil, newErr(400, "UnknownOperationException", "the fake does not serve "+action)
}
