package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/trailwise/trailwise/pricing"
)

// configDirEnv overrides the user's configuration directory (tests use it
// so that books refreshed on the machine do not change their output).
const configDirEnv = "TRAILWISE_CONFIG_DIR"

// userBooksDir is where 'pricing refresh' writes books and where every
// command looks for them: <user config dir>/trailwise/books.
func userBooksDir() (string, error) {
	if d := os.Getenv(configDirEnv); d != "" {
		return filepath.Join(d, "books"), nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no user configuration directory for refreshed price books: %w", err)
	}
	return filepath.Join(d, "trailwise", "books"), nil
}

var (
	userBooksOnce sync.Once
	userBooksErr  error
)

// loadUserBooks makes every refreshed book in the user's books directory
// its region's book (the newest of a region wins), ahead of the embedded
// one. A file there that is not a valid book is an error, never skipped.
func loadUserBooks() error {
	userBooksOnce.Do(func() { userBooksErr = readUserBooks() })
	return userBooksErr
}

func readUserBooks() error {
	dir, err := userBooksDir()
	if err != nil {
		return nil // no configuration directory: no refreshed books
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	newest := map[string]*pricing.Book{}
	for _, f := range files {
		b, err := readBookFile(f)
		if err != nil {
			return err
		}
		if cur := newest[b.Region]; cur == nil || b.EffectiveDate >= cur.EffectiveDate {
			newest[b.Region] = b
		}
	}
	for _, b := range newest {
		if err := pricing.Use(b); err != nil {
			return err
		}
	}
	return nil
}

// readBookFile reads and checks a price book file.
func readBookFile(path string) (*pricing.Book, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usageError{fmt.Errorf("file: %s: expected a price book, got no such file", path)}
	}
	if err != nil {
		return nil, fmt.Errorf("file: %s: %w", path, err)
	}
	b, err := pricing.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("file: %s: expected a price book (%s), got %v", path, pricing.BookSchema, err)
	}
	return b, nil
}

// usePriceBook reads --price-book and makes it its region's book; the
// region it prices is the book's.
func usePriceBook(path, region string) (string, error) {
	b, err := readBookFile(path)
	if err != nil {
		return "", err
	}
	if region != "" && region != b.Region {
		return "", usageError{fmt.Errorf("--price-book: %s is a book for %s, --region says %s", path, b.Region, region)}
	}
	if pricing.EmbeddedByID(b.ID) == nil {
		if err := pricing.Use(b); err != nil {
			return "", fmt.Errorf("file: %s: %w", path, err)
		}
	}
	return b.Region, nil
}

// bookFor is the book a command prices region with: --price-book's,
// else a refreshed book of the region, else the embedded one.
func bookFor(region string) (*pricing.Book, error) {
	if err := loadUserBooks(); err != nil {
		return nil, err
	}
	return pricing.ForRegion(region)
}

// priceBookFlagHelp is --price-book's help.
var priceBookFlagHelp = "price book file to price with (as 'trailwise pricing refresh' writes); its region is the pricing region"

// bookArg reads a book named on the command line: a file, a book id or a
// region (the book that region prices with).
func bookArg(arg string) (*pricing.Book, error) {
	if strings.HasSuffix(arg, ".json") || strings.ContainsRune(arg, os.PathSeparator) {
		return readBookFile(arg)
	}
	if b := pricing.EmbeddedByID(arg); b != nil {
		return b, nil
	}
	return bookFor(arg)
}
