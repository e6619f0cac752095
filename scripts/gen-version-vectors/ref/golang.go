// Reference: golang.org/x/mod/semver. stdin "a\tb" -> stdout "a\tb\tsign" (! = either is invalid).
// Build offline against Debian's golang-golang-x-mod-dev: GO111MODULE=off GOPATH=/usr/share/gocode go run golang.go
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/semver"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		parts := strings.Split(in.Text(), "\t")
		if len(parts) != 2 {
			continue
		}
		a, b := parts[0], parts[1]
		s := "!"
		if semver.IsValid(a) && semver.IsValid(b) {
			s = fmt.Sprint(semver.Compare(a, b))
		}
		fmt.Fprintf(out, "%s\t%s\t%s\n", a, b, s)
	}
}
