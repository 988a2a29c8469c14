package segments_test

import (
	"bufio"
	"bytes"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// readmePrelude declares what the README's snippets take as given: a context,
// credentials, a client, an upload, and the function under test of the
// segmentstest example.
const readmePrelude = `package readme

import (
	"context"
	"io"

	"github.com/voucherify-go/segments"
)

var (
	ctx              context.Context
	appID, secretKey string
	client           *segments.Client
	upload           io.Reader
)

func launch(context.Context, *segments.Client, []string) error { return nil }
`

// readmeImports are the packages a snippet may use, by the name it uses.
var readmeImports = map[string]string{
	"context":      "context",
	"customerids":  "github.com/voucherify-go/segments/customerids",
	"errors":       "errors",
	"fmt":          "fmt",
	"http":         "net/http",
	"io":           "io",
	"log":          "log",
	"segments":     "github.com/voucherify-go/segments",
	"segmentstest": "github.com/voucherify-go/segments/segmentstest",
	"testing":      "testing",
	"time":         "time",
}

// goBlock is a ```go block of the README, and the line it starts on.
type goBlock struct {
	line int
	code string
}

// readmeGoBlocks returns the ```go blocks of the README.
func readmeGoBlocks(t *testing.T, readme []byte) []goBlock {
	t.Helper()
	var blocks []goBlock
	var cur *goBlock
	sc := bufio.NewScanner(bytes.NewReader(readme))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && line == "```go":
			cur = &goBlock{line: n + 1}
		case cur != nil && line == "```":
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.code += line + "\n"
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cur != nil {
		t.Fatalf("README.md: the go block of line %d is not closed", cur.line)
	}
	return blocks
}

// readmeFile returns block as a Go file of package readme: declarations as they
// are, statements as the body of a function returning an error. A //line
// directive makes the compiler's errors point at README.md.
func readmeFile(i int, b goBlock) string {
	var imports []string
	for name := range qualifiers(b.code) {
		if path, ok := readmeImports[name]; ok {
			imports = append(imports, fmt.Sprintf("\t%q\n", path))
		}
	}
	var f strings.Builder
	f.WriteString("package readme\n\nimport (\n" + strings.Join(imports, "") + ")\n\n")
	if strings.HasPrefix(b.code, "func ") || strings.Contains(b.code, "\nfunc ") {
		fmt.Fprintf(&f, "//line README.md:%d\n%s", b.line, b.code)
		return f.String()
	}
	fmt.Fprintf(&f, "func readmeBlock%d() error {\n//line README.md:%d\n%s\treturn nil\n}\n", i, b.line, b.code)
	return f.String()
}

// qualifiers returns the identifiers of code followed by a dot, comments and
// strings aside: the packages it may use.
func qualifiers(code string) map[string]bool {
	fset := token.NewFileSet()
	var sc scanner.Scanner
	sc.Init(fset.AddFile("", fset.Base(), len(code)), []byte(code), nil, 0)
	names := map[string]bool{}
	prev := ""
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			return names
		}
		if tok == token.PERIOD && prev != "" {
			names[prev] = true
		}
		prev = ""
		if tok == token.IDENT {
			prev = lit
		}
	}
}

// TestReadmeGoBlocksCompile compiles every ```go block of README.md, in a
// module of its own that imports this one, so that the README never shows Go
// that does not build.
func TestReadmeGoBlocksCompile(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to compile the README's examples: %v", err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := readmeGoBlocks(t, readme)
	if len(blocks) < 4 {
		t.Fatalf("found %d go blocks in README.md; the extraction is broken", len(blocks))
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", readmeGoMod(t, root))
	sum, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", string(sum))
	write("prelude.go", readmePrelude)
	for i, b := range blocks {
		write(fmt.Sprintf("block%d.go", i), readmeFile(i, b))
	}
	cmd := exec.CommandContext(t.Context(), goTool, "build", "./...")
	cmd.Dir = dir
	// Offline: everything the module needs is in this module's go.sum and the
	// module cache the tests already use.
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("a go block of README.md does not compile (%v):\n%s", err, out)
	}
}

// readmeGoMod returns the go.mod of the README's module: this module,
// replaced by the working tree at root, with this module's requirements.
func readmeGoMod(t *testing.T, root string) string {
	t.Helper()
	own, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	var reqs strings.Builder
	inBlock := false
	for line := range strings.Lines(string(own)) {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "require (":
			inBlock = true
		case inBlock && trimmed == ")":
			inBlock = false
		case inBlock && trimmed != "":
			reqs.WriteString("\t" + trimmed + "\n")
		case strings.HasPrefix(trimmed, "require "):
			reqs.WriteString("\t" + strings.TrimPrefix(trimmed, "require ") + "\n")
		}
	}
	return fmt.Sprintf("module readme\n\ngo 1.26.0\n\nrequire (\n\tgithub.com/voucherify-go/segments v0.0.0\n%s)\n\nreplace github.com/voucherify-go/segments => %s\n", reqs.String(), root)
}
