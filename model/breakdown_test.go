package model

import (
	"reflect"
	"testing"
)

// A collector may hand the builder names it already folded (an engine's
// query bounds its result): they stay in the one OtherSource name, however
// large, and the names kept are the largest real ones.
func TestBreakdownKeepsFoldedNamesInOther(t *testing.T) {
	var bb BreakdownBuilder
	bb.Add("kms.amazonaws.com", "Decrypt", CategoryManagementRead, "", 50, 500)
	bb.Add("kms.amazonaws.com", "GenerateDataKey", CategoryManagementRead, "", 40, 400)
	bb.Add("kms.amazonaws.com", OtherSource, CategoryManagementRead, "", 100, 1000)
	bb.Add("kms.amazonaws.com", "Encrypt", CategoryManagementRead, "", 5, 50)
	got := bb.Build("111111111111", "us-east-1", 15, 5, 2).Sources[0].EventNames
	// Decrypt and GenerateDataKey kept; Encrypt's 5 joins the folded 100.
	want := []NameVolume{{"Decrypt", 50, 500}, {"GenerateDataKey", 40, 400}, {OtherSource, 105, 1050}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("names %+v, want %+v", got, want)
	}
	// With room for every name, the folded ones still come last, once.
	got = bb.Build("111111111111", "us-east-1", 15, 5, 10).Sources[0].EventNames
	want = []NameVolume{{"Decrypt", 50, 500}, {"GenerateDataKey", 40, 400}, {"Encrypt", 5, 50}, {OtherSource, 100, 1000}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("names %+v, want %+v", got, want)
	}
}
