package awscollect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/costexplorer"
	"github.com/aws/aws-sdk-go-v2/service/observabilityadmin"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	"golang.org/x/time/rate"
)

// serviceIDs maps the SDK's service ids to IAM service prefixes.
var serviceIDs = map[string]string{
	"Organizations": "organizations",
	"Cost Explorer": "ce",
	"CloudTrail":    "cloudtrail",
	"STS":           "sts",
	"S3":            "s3",
	"Athena":        "athena",
	// CloudWatch Observability Admin: telemetry enablement rules.
	"ObservabilityAdmin": "observabilityadmin",
}

// meter sits in every client's stack after the retryer, so it sees every
// attempt: it waits on the action's rate limiter (per account and region)
// and counts the request.
type meter struct {
	rates    map[string]float64 // action or service prefix -> requests/s
	mu       sync.Mutex
	limiters map[string]*rate.Limiter
	counts   map[string]int
	progress func(action string)
}

func newMeter(rates map[string]float64, progress func(string)) *meter {
	return &meter{rates: rates, limiters: map[string]*rate.Limiter{}, counts: map[string]int{}, progress: progress}
}

func (m *meter) limiter(account, region, action string) *rate.Limiter {
	key := account + "/" + region + "/" + action
	m.mu.Lock()
	defer m.mu.Unlock()
	l, ok := m.limiters[key]
	if !ok {
		r, found := m.rates[action]
		if !found {
			svc, _, _ := strings.Cut(action, ":")
			r, found = m.rates[svc]
		}
		if !found || r <= 0 {
			l = rate.NewLimiter(rate.Inf, 1)
		} else {
			l = rate.NewLimiter(rate.Limit(r), 1)
		}
		m.limiters[key] = l
	}
	return l
}

func (m *meter) add(account string) func(*middleware.Stack) error {
	return func(st *middleware.Stack) error {
		mw := middleware.FinalizeMiddlewareFunc("trailwise/meter", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			action := serviceIDs[awsmiddleware.GetServiceID(ctx)] + ":" + awsmiddleware.GetOperationName(ctx)
			if err := m.limiter(account, awsmiddleware.GetRegion(ctx), action).Wait(ctx); err != nil {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, err
			}
			m.mu.Lock()
			m.counts[action]++
			m.mu.Unlock()
			if m.progress != nil {
				m.progress(action)
			}
			return next.HandleFinalize(ctx, in)
		})
		return st.Finalize.Insert(mw, "Retry", middleware.After)
	}
}

// Requests returns the requests sent so far per action, attempts included.
func (m *meter) Requests() map[string]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]int, len(m.counts))
	for k, v := range m.counts {
		out[k] = v
	}
	return out
}

func (m *meter) count(action string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.counts[action]
}

// clients builds every client from one base configuration.
type clients struct {
	o     *Options
	cfg   aws.Config
	meter *meter
	http  *awshttp.BuildableClient
}

func newClients(o *Options, m *meter) *clients {
	cfg := o.Config.Copy()
	hc := awshttp.NewBuildableClient().WithTimeout(o.RequestTimeout)
	cfg.HTTPClient = hc
	if o.BytesReceived != nil {
		cfg.HTTPClient = countingClient{next: hc, count: o.BytesReceived}
	}
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = o.MaxAttempts
			so.MaxBackoff = o.MaxBackoff
			so.Backoff = retry.NewExponentialJitterBackoff(o.MaxBackoff)
			// Proactive per-API limits pace the run; the client-side retry
			// quota would only turn a throttled burst into failures.
			so.RateLimiter = ratelimit.None
		})
	}
	return &clients{o: o, cfg: cfg, meter: m, http: hc}
}

// setEndpoint points a client at an explicit endpoint, and otherwise leaves
// what the SDK configured (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, the
// profile's endpoint_url) untouched.
func setEndpoint(base **string, ep string) {
	if ep != "" {
		*base = aws.String(ep)
	}
}

// globalRegion is where the organization-wide APIs (Organizations, Cost
// Explorer) answer, unless the configuration says otherwise.
const globalRegion = "us-east-1"

func (c *clients) organizations() *organizations.Client {
	return organizations.NewFromConfig(c.cfg, func(o *organizations.Options) {
		o.Region = globalRegion
		setEndpoint(&o.BaseEndpoint, c.o.Endpoints.Organizations)
		o.APIOptions = append(o.APIOptions, c.meter.add(c.o.managementAccount))
	})
}

func (c *clients) costExplorer() *costexplorer.Client {
	return costexplorer.NewFromConfig(c.cfg, func(o *costexplorer.Options) {
		o.Region = globalRegion
		setEndpoint(&o.BaseEndpoint, c.o.Endpoints.CostExplorer)
		o.APIOptions = append(o.APIOptions, c.meter.add(c.o.managementAccount))
	})
}

func (c *clients) sts() *sts.Client {
	return sts.NewFromConfig(c.cfg, func(o *sts.Options) {
		if c.o.Region != "" {
			o.Region = c.o.Region
		}
		setEndpoint(&o.BaseEndpoint, c.o.Endpoints.STS)
		o.APIOptions = append(o.APIOptions, c.meter.add(c.o.managementAccount))
	})
}

// credentials are the management account's own for itself, and an assumed
// role for every other account.
func (c *clients) credentials(account string) aws.CredentialsProvider {
	if account == c.o.managementAccount || account == "" {
		return c.cfg.Credentials
	}
	arn := fmt.Sprintf("arn:%s:iam::%s:role/%s", c.o.Partition, account, c.o.RoleName)
	return aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(c.sts(), arn, func(ao *stscreds.AssumeRoleOptions) {
		ao.RoleSessionName = "trailwise-collect"
		if c.o.ExternalID != "" {
			ao.ExternalID = aws.String(c.o.ExternalID)
		}
	}))
}

func (c *clients) cloudTrail(account, region string, creds aws.CredentialsProvider) *cloudtrail.Client {
	return cloudtrail.NewFromConfig(c.cfg, func(o *cloudtrail.Options) {
		o.Region = region
		o.Credentials = creds
		setEndpoint(&o.BaseEndpoint, c.o.Endpoints.CloudTrail)
		o.APIOptions = append(o.APIOptions, c.meter.add(account))
	})
}

// observabilityAdmin reads CloudWatch's telemetry enablement rules in an
// account and region.
func (c *clients) observabilityAdmin(account, region string, creds aws.CredentialsProvider) *observabilityadmin.Client {
	return observabilityadmin.NewFromConfig(c.cfg, func(o *observabilityadmin.Options) {
		o.Region = region
		o.Credentials = creds
		setEndpoint(&o.BaseEndpoint, c.o.Endpoints.ObservabilityAdmin)
		o.APIOptions = append(o.APIOptions, c.meter.add(account))
	})
}

func (c *clients) s3(account, region string, creds aws.CredentialsProvider) *s3.Client {
	return s3.NewFromConfig(c.cfg, func(o *s3.Options) {
		if region != "" {
			o.Region = region
		}
		o.Credentials = creds
		// CloudTrail's objects carry no checksum to validate: skip quietly.
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		o.DisableLogOutputChecksumValidationSkipped = true
		if c.o.Endpoints.S3 != "" {
			o.BaseEndpoint = aws.String(c.o.Endpoints.S3)
			o.UsePathStyle = true
		}
		o.APIOptions = append(o.APIOptions, c.meter.add(account))
	})
}

// reason turns an error into the one line a gap carries.
func reason(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code := ae.ErrorCode()
		switch code {
		case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError":
			return "access denied (" + code + "): " + ae.ErrorMessage()
		}
		return code + ": " + ae.ErrorMessage()
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() == http.StatusForbidden {
		return "access denied: " + err.Error()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out: " + err.Error()
	}
	return err.Error()
}

// countingClient tells of every response body byte read through it.
type countingClient struct {
	next  aws.HTTPClient
	count func(int64)
}

func (c countingClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.next.Do(req)
	if resp != nil && resp.Body != nil {
		resp.Body = countingBody{ReadCloser: resp.Body, count: c.count}
	}
	return resp, err
}

type countingBody struct {
	io.ReadCloser
	count func(int64)
}

func (b countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.count(int64(n))
	}
	return n, err
}
