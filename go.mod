module github.com/trailwise/trailwise

go 1.26.8
