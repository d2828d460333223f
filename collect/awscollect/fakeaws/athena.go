package fakeaws

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// QueryAnswer is what a fake query engine answers to one query: its
// columns and rows (strings, as both APIs carry them), the bytes it says
// it scanned, or the reason it failed.
type QueryAnswer struct {
	Columns []string
	Rows    [][]string
	Scanned int64
	// Fail, when set, ends the query FAILED with this reason.
	Fail string
	// Row, when set, stands for Rows: row i of Count, made when a page
	// asks for it, so that a fake of millions of rows holds none of them.
	Row   func(i int) []string
	Count int
}

// rowCount is how many rows the answer has.
func (a QueryAnswer) rowCount() int {
	if a.Row != nil {
		return a.Count
	}
	return len(a.Rows)
}

// rowAt is the answer's row i.
func (a QueryAnswer) rowAt(i int) []string {
	if a.Row != nil {
		return a.Row(i)
	}
	return a.Rows[i]
}

// Query is one query a fake engine received.
type Query struct {
	ID        string
	Statement string
	Database  string // Athena: QueryExecutionContext.Database
	WorkGroup string // Athena
	Output    string // Athena: ResultConfiguration.OutputLocation; Lake: DeliveryS3Uri
	Account   string // the access key that signed StartQueryExecution or StartQuery
	Region    string
	polls     int
	answer    QueryAnswer
	stopped   bool
}

// engine is what the Athena and CloudTrail Lake fakes share: queries that
// go through their states one poll at a time, results in pages, and
// throttled requests on demand.
type engine struct {
	mu       sync.Mutex
	srv      *httptest.Server
	answer   func(statement string) QueryAnswer
	queries  []*Query
	calls    []string
	throttle map[string]int
	// Running is how many polls a query answers before its final state:
	// the first QUEUED, the rest RUNNING.
	Running int
	// Final is the state a query ends in when its answer does not fail:
	// Athena SUCCEEDED (default) or CANCELLED; Lake FINISHED (default),
	// CANCELLED or TIMED_OUT.
	Final string
	// PageSize bounds a results page (default 2, so that tests paginate).
	PageSize int
}

// Throttle makes the next n requests for action ("athena:GetQueryResults",
// "cloudtrail:StartQuery") answer HTTP 400 ThrottlingException.
func (e *engine) Throttle(action string, n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.throttle[action] += n
}

// URL is the fake's endpoint.
func (e *engine) URL() string { return e.srv.URL }

// Close stops the fake.
func (e *engine) Close() { e.srv.Close() }

// Calls lists the actions received, in order.
func (e *engine) Calls() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.calls...)
}

// Count is how many requests for action were received.
func (e *engine) Count(action string) int {
	n := 0
	for _, c := range e.Calls() {
		if c == action {
			n++
		}
	}
	return n
}

// Queries lists the queries started, in order.
func (e *engine) Queries() []Query {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Query, len(e.queries))
	for i, q := range e.queries {
		out[i] = *q
	}
	return out
}

// serve reads one JSON 1.1 request and records it; it answers throttled
// requests itself and returns ok false for them.
func (e *engine) serve(w http.ResponseWriter, r *http.Request, prefix string) (action string, in map[string]any, ok bool) {
	body, _ := io.ReadAll(r.Body)
	target := r.Header.Get("X-Amz-Target")
	op := ""
	if len(target) > len(prefix)+1 && target[:len(prefix)+1] == prefix+"." {
		op = target[len(prefix)+1:]
	}
	if op == "" {
		writeJSONError(w, newErr(400, "UnknownOperationException", "unknown target "+target))
		return "", nil, false
	}
	svc := map[string]string{"AmazonAthena": "athena", "CloudTrail_20131101": "cloudtrail"}[prefix]
	action = svc + ":" + op
	e.mu.Lock()
	e.calls = append(e.calls, action)
	throttled := e.throttle[action] > 0
	if throttled {
		e.throttle[action]--
	}
	e.mu.Unlock()
	if throttled {
		writeJSONError(w, newErr(400, "ThrottlingException", "Rate exceeded"))
		return "", nil, false
	}
	if err := json.Unmarshal(body, &in); err != nil && len(body) > 0 {
		writeJSONError(w, newErr(400, "SerializationException", err.Error()))
		return "", nil, false
	}
	return action, in, true
}

// start records a new query and returns it.
func (e *engine) start(r *http.Request, statement string) *Query {
	key, region := signer(r)
	e.mu.Lock()
	defer e.mu.Unlock()
	q := &Query{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", len(e.queries)+1), Statement: statement, Account: key, Region: region}
	q.answer = e.answer(statement)
	e.queries = append(e.queries, q)
	return q
}

// find returns the query with the id, counting a poll of it when poll is set.
func (e *engine) find(id string, poll bool) *Query {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, q := range e.queries {
		if q.ID == id {
			if poll {
				q.polls++
			}
			return q
		}
	}
	return nil
}

// state is the query's state after its polls: QUEUED, then RUNNING, then
// the final state (failed when its answer says so).
func (e *engine) state(q *Query, failed, final string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case q.stopped:
		return "CANCELLED"
	case q.polls <= 1 && e.Running > 0:
		return "QUEUED"
	case q.polls <= e.Running:
		return "RUNNING"
	case q.answer.Fail != "":
		return failed
	case e.Final != "":
		return e.Final
	}
	return final
}

func newEngine(answer func(string) QueryAnswer, prefix string, h func(*engine, http.ResponseWriter, *http.Request)) *engine {
	e := &engine{answer: answer, throttle: map[string]int{}, Running: 2, PageSize: 2}
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h(e, w, r) }))
	return e
}

// Athena is a fake of the Amazon Athena API (JSON 1.1, X-Amz-Target
// AmazonAthena.*): StartQueryExecution, GetQueryExecution (QUEUED, RUNNING,
// then SUCCEEDED, FAILED or CANCELLED), GetQueryResults (the column names
// as the first row of the first page, as Athena returns a SELECT's
// results, then the rows, paginated with NextToken) and
// StopQueryExecution, shaped as the Athena API reference shows.
type Athena struct{ *engine }

// NewAthena starts an Athena fake answering every query with answer.
func NewAthena(answer func(statement string) QueryAnswer) *Athena {
	return &Athena{newEngine(answer, "AmazonAthena", serveAthena)}
}

func serveAthena(e *engine, w http.ResponseWriter, r *http.Request) {
	action, in, ok := e.serve(w, r, "AmazonAthena")
	if !ok {
		return
	}
	out, err := athenaAction(e, r, action, in)
	if err != nil {
		writeJSONError(w, err)
		return
	}
	writeJSON(w, out)
}

func athenaAction(e *engine, r *http.Request, action string, in map[string]any) (any, *apiError) {
	switch action {
	case "athena:StartQueryExecution":
		q := e.start(r, str(in, "QueryString"))
		ctx, _ := in["QueryExecutionContext"].(map[string]any)
		rc, _ := in["ResultConfiguration"].(map[string]any)
		e.mu.Lock()
		q.Database, q.WorkGroup, q.Output = str(ctx, "Database"), str(in, "WorkGroup"), str(rc, "OutputLocation")
		e.mu.Unlock()
		return map[string]any{"QueryExecutionId": q.ID}, nil
	case "athena:GetQueryExecution":
		q := e.find(str(in, "QueryExecutionId"), true)
		if q == nil {
			return nil, newErr(400, "InvalidRequestException", "QueryExecution "+str(in, "QueryExecutionId")+" was not found")
		}
		state := e.state(q, "FAILED", "SUCCEEDED")
		status := map[string]any{"State": state, "SubmissionDateTime": float64(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC).Unix())}
		if state == "FAILED" {
			status["StateChangeReason"] = q.answer.Fail
		}
		qe := map[string]any{
			"QueryExecutionId":    q.ID,
			"Query":               q.Statement,
			"StatementType":       "DML",
			"Status":              status,
			"WorkGroup":           q.WorkGroup,
			"ResultConfiguration": map[string]any{"OutputLocation": q.Output + q.ID + ".csv"},
		}
		if state == "SUCCEEDED" {
			qe["Statistics"] = map[string]any{"DataScannedInBytes": q.answer.Scanned, "EngineExecutionTimeInMillis": 1234, "TotalExecutionTimeInMillis": 1500}
		}
		return map[string]any{"QueryExecution": qe}, nil
	case "athena:GetQueryResults":
		q := e.find(str(in, "QueryExecutionId"), false)
		if q == nil || e.state(q, "FAILED", "SUCCEEDED") != "SUCCEEDED" {
			return nil, newErr(400, "InvalidRequestException", "Query has not yet finished. Current state: RUNNING")
		}
		return athenaResults(e, q, str(in, "NextToken"))
	case "athena:StopQueryExecution":
		if q := e.find(str(in, "QueryExecutionId"), false); q != nil {
			e.mu.Lock()
			q.stopped = true
			e.mu.Unlock()
		}
		return map[string]any{}, nil
	}
	return nil, newErr(400, "UnknownOperationException", "the fake does not serve "+action)
}

// athenaResults is one page of a query's results: a ResultSet of Rows of
// Data cells with VarCharValue, the header row first.
func athenaResults(e *engine, q *Query, token string) (any, *apiError) {
	n := 1 + q.answer.rowCount() // the header, then the rows
	if len(q.answer.Columns) == 0 {
		n = 0 // DDL: no result rows
	}
	rows, next, err := pageIndexed(n, func(i int) []string {
		if i == 0 {
			return q.answer.Columns
		}
		return q.answer.rowAt(i - 1)
	}, token, e.PageSize)
	if err != nil {
		return nil, err
	}
	type datum struct{ VarCharValue string }
	type row struct{ Data []datum }
	outRows := make([]row, 0, len(rows))
	for _, r := range rows {
		data := make([]datum, len(r))
		for i, v := range r {
			data[i] = datum{v}
		}
		outRows = append(outRows, row{data})
	}
	cols := make([]map[string]any, len(q.answer.Columns))
	for i, c := range q.answer.Columns {
		typ := "varchar"
		if strings.HasSuffix(c, "_events") || c == "event_bytes" || c == "log_files" {
			typ = "bigint"
		}
		cols[i] = map[string]any{"Name": c, "Label": c, "Type": typ, "CatalogName": "hive", "Nullable": "UNKNOWN", "Precision": 0, "Scale": 0, "CaseSensitive": true}
	}
	out := map[string]any{"ResultSet": map[string]any{"Rows": outRows, "ResultSetMetadata": map[string]any{"ColumnInfo": cols}}, "UpdateCount": 0}
	return withToken(out, "NextToken", next), nil
}

func writeJSON(w http.ResponseWriter, out any) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-RequestId", "fake-request")
	_ = json.NewEncoder(w).Encode(out)
}
