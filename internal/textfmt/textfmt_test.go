package textfmt

import (
	"reflect"
	"testing"
)

func TestMoney(t *testing.T) {
	for _, c := range []struct {
		v      float64
		places int
		want   string
	}{
		{0, 2, "0.00"},
		{-0.001, 2, "0.00"},
		{1234567.891, 2, "1,234,567.89"},
		{-1234.5, 2, "-1,234.50"},
		{123, 0, "123"},
		{1000, 0, "1,000"},
	} {
		if got := Money(c.v, c.places); got != c.want {
			t.Errorf("Money(%v, %d) = %q, want %q", c.v, c.places, got, c.want)
		}
	}
	if got := Whole(2.5); got != "3" {
		t.Errorf("Whole(2.5) = %q, want 3 (halves away from zero)", got)
	}
	if got := Whole(-1234.5); got != "-1,235" {
		t.Errorf("Whole(-1234.5) = %q, want -1,235", got)
	}
	if got := Thousands("1234567"); got != "1,234,567" {
		t.Errorf("Thousands = %q", got)
	}
}

func TestQuantityPercent(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 0.01234: "0.0123", 1.234: "1.23", 12.34: "12.3", 123.4: "123", 1234.56: "1,234", 1234567.8: "1,234,567"} {
		if got := Quantity(v); got != want {
			t.Errorf("Quantity(%v) = %q, want %q", v, got, want)
		}
	}
	for v, want := range map[float64]string{0.125: "12.5%", -0.0001: "0.0%", 1: "100.0%"} {
		if got := Percent(v); got != want {
			t.Errorf("Percent(%v) = %q, want %q", v, got, want)
		}
	}
	if got := SignedPercent(0.05); got != "+5.0%" {
		t.Errorf("SignedPercent(0.05) = %q", got)
	}
	if got := SignedPercent(-0.05); got != "-5.0%" {
		t.Errorf("SignedPercent(-0.05) = %q", got)
	}
}

func TestLines(t *testing.T) {
	got := Lines("the quick  brown fox jumps over\nthe lazy dog", 10)
	want := []string{"the quick", "brown fox", "jumps over", "the lazy", "dog"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Lines = %q, want %q", got, want)
	}
	if got := Lines("extraordinarily long", 5); !reflect.DeepEqual(got, []string{"extraordinarily", "long"}) {
		t.Errorf("a long word: %q", got)
	}
	if got := Lines("  ", 5); got != nil {
		t.Errorf("no words: %q", got)
	}
	if got := Indent("aa bb cc", "- ", "  ", 7); got != "- aa bb\n  cc\n" {
		t.Errorf("Indent = %q", got)
	}
}

func TestClip(t *testing.T) {
	for _, c := range []struct {
		s    string
		w    int
		want string
	}{{"abcdef", 6, "abcdef"}, {"abcdef", 4, "abc…"}, {"abc", 0, ""}, {"日本語", 4, "日…"}} {
		if got := Clip(c.s, c.w); got != c.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", c.s, c.w, got, c.want)
		}
	}
}

func TestIndentHangs(t *testing.T) {
	// "warning: " is 9 cells: the first line has 12-9 = 3 for words, the
	// others 12-2 = 10.
	if got := Indent("ab cd ef gh", "warning: ", "  ", 12); got != "warning: ab\n  cd ef gh\n" {
		t.Errorf("Indent = %q", got)
	}
}
