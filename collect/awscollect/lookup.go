package awscollect

import (
	"context"
	"math"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/trailwise/trailwise/model"
)

// lookupSample counts one day of an account's management events in one
// region with LookupEvents (newest first, 50 a page, 2 requests/s per
// account and region), at most LookupPages pages. When the pages run out
// before the day does, the count is scaled by the share of the day covered
// and the row is marked extrapolated.
func (r *run) lookupSample(ctx context.Context, account, region, day string, creds aws.CredentialsProvider) (*model.Usage, error) {
	start, _ := model.ParseDay(day)
	end := start.AddDate(0, 0, 1)
	ct := r.clients.cloudTrail(account, region, creds)
	p := cloudtrail.NewLookupEventsPaginator(ct, &cloudtrail.LookupEventsInput{
		StartTime:  aws.Time(start),
		EndTime:    aws.Time(end),
		MaxResults: aws.Int32(50),
	})
	var read, write int64
	oldest := end
	pages := 0
	seen := tokens{}
	for p.HasMorePages() && pages < r.o.LookupPages {
		page, err := p.NextPage(ctx)
		if err == nil {
			err = seen.repeated(page.NextToken)
		}
		if err != nil {
			return nil, err
		}
		pages++
		for _, e := range page.Events {
			if aws.ToString(e.ReadOnly) == "true" {
				read++
			} else {
				write++
			}
			if t := aws.ToTime(e.EventTime); t.Before(oldest) {
				oldest = t
			}
		}
	}
	u := &model.Usage{Account: account, Region: region, Day: day, Source: SourceLookupEvents, Measured: true}
	if p.HasMorePages() {
		covered := end.Sub(oldest)
		if covered < time.Minute {
			covered = time.Minute
		}
		scale := float64(24*time.Hour) / float64(covered)
		read = int64(math.Round(float64(read) * scale))
		write = int64(math.Round(float64(write) * scale))
		u.Measured = false
	}
	u.ManagementReadEvents, u.ManagementWriteEvents = read, write
	return u, nil
}
