package awscollect

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/trailwise/trailwise/collect/billing"
)

// readS3Export reads the export files under s3://BUCKET/PREFIX that
// billing.PlanDelivery chooses (each billing period's newest refresh): CSV
// objects streamed, Parquet objects through ranged reads (a footer, then
// the column chunks read), so nothing is held whole.
func readS3Export(ctx context.Context, o BillingExportOptions, t *billing.Totals) error {
	bucket, prefix, _ := strings.Cut(strings.TrimPrefix(o.Path, "s3://"), "/")
	if bucket == "" {
		return fmt.Errorf("%s: expected s3://BUCKET/PREFIX, got no bucket", o.Path)
	}
	c := s3.NewFromConfig(o.Config, func(so *s3.Options) {
		// Exports carry no checksum to validate: skip quietly.
		so.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		so.DisableLogOutputChecksumValidationSkipped = true
		if o.S3Endpoint != "" {
			so.BaseEndpoint = aws.String(o.S3Endpoint)
			so.UsePathStyle = true
		}
	})
	url := "s3://" + bucket + "/"
	var objects []billing.Object
	pg := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("%s: ListObjectsV2: %s", o.Path, reason(err))
		}
		for _, obj := range page.Contents {
			objects = append(objects, billing.Object{Path: url + aws.ToString(obj.Key), Size: aws.ToInt64(obj.Size), Modified: aws.ToTime(obj.LastModified)})
		}
	}
	plan, err := billing.PlanDelivery(objects, func(m billing.Object) ([]byte, error) {
		return getSmall(ctx, c, bucket, strings.TrimPrefix(m.Path, url))
	})
	if err != nil {
		return err
	}
	if plan.Found == 0 {
		return fmt.Errorf("%s: expected export files (.csv, .csv.gz, .parquet) under the prefix, got none", o.Path)
	}
	for _, obj := range plan.Read {
		if err := readS3Object(ctx, c, bucket, strings.TrimPrefix(obj.Path, url), obj, t); err != nil {
			return err
		}
	}
	notePlan(o, plan, t)
	return nil
}

// readS3Object adds one export object to the totals.
func readS3Object(ctx context.Context, c *s3.Client, bucket, key string, obj billing.Object, t *billing.Totals) error {
	if strings.HasSuffix(strings.ToLower(key), ".parquet") {
		ra := &s3ReaderAt{ctx: ctx, c: c, bucket: bucket, key: key, size: obj.Size, blocks: map[int64][]byte{}}
		return t.ReadParquet(obj.Path, ra, obj.Size)
	}
	out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return fmt.Errorf("%s: GetObject: %s", obj.Path, reason(err))
	}
	defer out.Body.Close()
	return t.ReadCSV(obj.Path, out.Body)
}

// manifestLimit bounds a manifest read whole: a manifest lists a
// delivery's columns and files, a few hundred kilobytes at most.
const manifestLimit = 16 << 20

// getSmall reads a small object (a manifest) whole.
func getSmall(ctx context.Context, c *s3.Client, bucket, key string) ([]byte, error) {
	name := "s3://" + bucket + "/" + key
	out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return nil, fmt.Errorf("%s: GetObject: %s", name, reason(err))
	}
	defer out.Body.Close()
	b, err := io.ReadAll(io.LimitReader(out.Body, manifestLimit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if len(b) > manifestLimit {
		return nil, fmt.Errorf("%s: expected a manifest of at most %d bytes, got more", name, manifestLimit)
	}
	return b, nil
}

// s3Block is the size of one ranged read, s3Blocks how many are kept: a
// Parquet reader moves between its columns' chunks, and each keeps its
// place in a block of its own.
const (
	s3Block  = 1 << 20
	s3Blocks = 24
)

// s3ReaderAt reads an object through ranged GETs of whole blocks, keeping
// the last few.
type s3ReaderAt struct {
	ctx         context.Context
	c           *s3.Client
	bucket, key string
	size        int64
	blocks      map[int64][]byte
	order       []int64
}

func (r *s3ReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) {
		at := off + int64(n)
		if at >= r.size {
			return n, io.EOF
		}
		b, err := r.block(at / s3Block)
		if err != nil {
			return n, err
		}
		if at%s3Block >= int64(len(b)) {
			return n, io.ErrUnexpectedEOF
		}
		n += copy(p[n:], b[at%s3Block:])
	}
	return n, nil
}

func (r *s3ReaderAt) block(i int64) ([]byte, error) {
	if b, ok := r.blocks[i]; ok {
		return b, nil
	}
	end := min((i+1)*s3Block, r.size) - 1
	out, err := r.c.GetObject(r.ctx, &s3.GetObjectInput{Bucket: aws.String(r.bucket), Key: aws.String(r.key),
		Range: aws.String(fmt.Sprintf("bytes=%d-%d", i*s3Block, end))})
	if err != nil {
		return nil, fmt.Errorf("GetObject %s: %s", r.key, reason(err))
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, err
	}
	if len(r.order) >= s3Blocks {
		delete(r.blocks, r.order[0])
		r.order = r.order[1:]
	}
	r.blocks[i], r.order = b, append(r.order, i)
	return b, nil
}
