package fakepricelist

import "fmt"

// Flat is a one-dimension on-demand term effective 2026-06-01.
func Flat(unit, usd, description string) []Term {
	return []Term{{Code: "JRTCKXETXF", EffectiveDate: "2026-06-01T00:00:00Z",
		Dimensions: []Dimension{{Begin: "0", End: "Inf", Unit: unit, USD: usd, Description: description}}}}
}

// Sample is a product for every usage type refresh maps, in the region
// whose usage-type prefix is code (KMS is prefixed with the region
// itself), at made-up test prices. S3 Standard storage is tiered, the
// CloudTrail paid events product carries an older and a newer term, and
// transfer goes to three destinations, one at another price.
func Sample(region, code string) []Product {
	n := 0
	p := func(service, usage string, terms []Term, extra ...string) Product {
		n++
		attrs := map[string]string{"regionCode": region, "usagetype": usage}
		for i := 0; i+1 < len(extra); i += 2 {
			attrs[extra[i]] = extra[i+1]
		}
		return Product{Service: service, SKU: fmt.Sprintf("SKU%s%03d", code, n), Attributes: attrs, Terms: terms}
	}
	ct := func(usage, usd string) Product {
		return p("AWSCloudTrail", code+"-"+usage, Flat("Events", usd, usage))
	}
	gb := func(service, usage, usd string) Product {
		return p(service, code+"-"+usage, Flat("GB", usd, usage))
	}
	paid := ct("PaidEventsRecorded", "0.00002")
	paid.Terms = append([]Term{{Code: "OLDTERM001", EffectiveDate: "2024-01-01T00:00:00Z",
		Dimensions: []Dimension{{Begin: "0", End: "Inf", Unit: "Events", USD: "0.00003", Description: "older term"}}}}, paid.Terms...)
	tiered := []Term{{Code: "JRTCKXETXF", EffectiveDate: "2026-08-01T00:00:00Z", Dimensions: []Dimension{
		{Begin: "512000", End: "Inf", Unit: "GB-Mo", USD: "0.0225", Description: "over 500 TB"},
		{Begin: "0", End: "51200", Unit: "GB-Mo", USD: "0.0245", Description: "first 50 TB"},
		{Begin: "51200", End: "512000", Unit: "GB-Mo", USD: "0.0235", Description: "next 450 TB"},
	}}}
	out := []Product{
		paid,
		ct("DataEventsRecorded", "0.000001"), ct("NetworkEventsRecorded", "0.000001"),
		ct("InsightsEvents", "0.0000035"), ct("DataInsightsEvents", "0.0000003"),
		gb("AWSCloudTrail", "Ingestion-Bytes-1yearstore-Live-CloudTrail-Logs", "0.75"),
		p("AWSCloudTrail", code+"-Ingestion-Bytes", []Term{{Code: "JRTCKXETXF", EffectiveDate: "2026-06-01T00:00:00Z", Dimensions: []Dimension{
			{Begin: "0", End: "5120", Unit: "GB", USD: "2.5"}, {Begin: "5120", End: "25600", Unit: "GB", USD: "1"}, {Begin: "25600", End: "Inf", Unit: "GB", USD: "0.5"}}}}),
		p("AWSCloudTrail", code+"-PaidStorage-ByteHrs", Flat("GB-Mo", "0.023", "retention")),
		gb("AWSCloudTrail", "QueryScanned-Bytes", "0.005"),
		gb("AmazonCloudWatch", "DataProcessing-Bytes", "0.63"),
		gb("AmazonCloudWatch", "DataProcessingIA-Bytes", "0.315"),
		p("AmazonCloudWatch", code+"-TimedStorage-ByteHrs", Flat("GB-Mo", "0.0324", "storage")),
		gb("AmazonCloudWatch", "DataScanned-Bytes", "0.0063"),
		gb("AmazonCloudWatch", "VendedLog-Bytes", "0.63"), gb("AmazonCloudWatch", "VendedLogIA-Bytes", "0.315"),
		p("AmazonCloudWatch", code+"-TimedStorage-IA-ByteHrs", Flat("GB-Mo", "0.0194", "IA tier")),
		p("AmazonCloudWatch", code+"-TimedStorage-AIA-ByteHrs", Flat("GB-Mo", "0.0065", "AIA tier")),
		gb("AmazonCloudWatch", "CentralizedBytes", "0.05"),
		gb("AmazonSecurityLake", "PaidCloudTrailEvents-Bytes", "0.75"),
		gb("AmazonSecurityLake", "PaidOtherLogs-Bytes", "0.25"),
		gb("AmazonSecurityLake", "PaidNormalization-Bytes", "0.035"),
		p("AmazonS3", code+"-TimedStorage-ByteHrs", tiered),
		p("AmazonS3", code+"-TimedStorage-SIA-ByteHrs", Flat("GB-Mo", "0.0135", "SIA")),
		p("AmazonS3", code+"-TimedStorage-GIR-ByteHrs", Flat("GB-Mo", "0.005", "GIR")),
		p("AmazonS3", code+"-TimedStorage-GlacierByteHrs", Flat("GB-Mo", "0.0045", "GFR")),
		p("AmazonS3GlacierDeepArchive", code+"-TimedStorage-GDA-ByteHrs", Flat("GB-Mo", "0.0018", "GDA")),
		p("AmazonS3", code+"-Requests-Tier1", Flat("Requests", "0.0000054", "PUT")),
		p("AmazonS3", code+"-Requests-Tier2", Flat("Requests", "0.00000043", "GET")),
		p("AmazonS3", code+"-Requests-Tier4", Flat("Requests", "0.00001", "to SIA")),
		p("AmazonS3", code+"-Requests-Tier3", Flat("Requests", "0.000036", "to Glacier"), "operation", "S3-GlacierTransition"),
		p("AmazonS3", code+"-Requests-Tier3", Flat("Requests", "0.00006", "to Deep Archive"), "operation", "S3-GDATransition"),
		p("awskms", region+"-KMS-Keys", Flat("Keys", "1", "key")),
		p("awskms", region+"-KMS-Requests", Flat("Requests", "0.000003", "requests")),
		p("AmazonAthena", code+"-DataScannedInTB", Flat("Terabytes", "5", "scanned")),
	}
	for _, to := range []struct{ region, code, usd string }{{"us-east-1", "USE1", "0.02"}, {"eu-west-1", "EU", "0.02"}, {"eu-west-2", "EUW2", "0.01"}} {
		t := p("AWSDataTransfer", code+"-"+to.code+"-AWS-Out-Bytes", Flat("GB", to.usd, "to "+to.region),
			"fromRegionCode", region, "toRegionCode", to.region, "transferType", "InterRegion Outbound")
		delete(t.Attributes, "regionCode")
		out = append(out, t)
	}
	return out
}
