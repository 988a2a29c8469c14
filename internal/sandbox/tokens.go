package sandbox

import (
	"crypto/rand"
	"crypto/sha256"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// tokens are the OAuth tokens a Server issued, by the SHA-256 of the token: the tokens
// themselves are not kept. It is safe for concurrent use.
type tokens struct {
	mu       sync.Mutex
	byHash   map[[sha256.Size]byte]*token
	lifetime time.Duration
	// scopes are the scopes a token may be asked for: those the contract declares for
	// its OAuth scheme.
	scopes map[string]bool
}

// token is an issued token: its scopes and when it expires.
type token struct {
	scopes  []string
	expires time.Time
}

// maxTokens is how many live tokens a Server holds, as Voucherify holds for a project.
const maxTokens = 1000

func newTokens(lifetime time.Duration) *tokens {
	return &tokens{byHash: make(map[[sha256.Size]byte]*token), lifetime: lifetime, scopes: make(map[string]bool)}
}

// allow makes scopes the ones a token may be asked for.
func (t *tokens) allow(scopes []string) {
	for _, s := range scopes {
		t.scopes[s] = true
	}
}

// issue returns a new token of scope (space-separated) valid from now, and its
// lifetime; the error is the answer that refuses it: a scope the contract does not
// declare, or a Server holding maxTokens live tokens.
func (t *tokens) issue(scope string, now time.Time) (string, []string, *apiError) {
	scopes := strings.Fields(scope)
	if len(scopes) == 0 || slices.ContainsFunc(scopes, func(s string) bool { return !t.scopes[s] }) {
		return "", nil, errInvalidScope(scope)
	}
	slices.Sort(scopes)
	scopes = slices.Compact(scopes)
	value := rand.Text() + rand.Text() // 52 base32 characters, 260 random bits
	t.mu.Lock()
	defer t.mu.Unlock()
	maps.DeleteFunc(t.byHash, func(_ [sha256.Size]byte, tk *token) bool { return !now.Before(tk.expires) })
	if len(t.byHash) >= maxTokens {
		return "", nil, errTooManyTokens(maxTokens)
	}
	t.byHash[sha256.Sum256([]byte(value))] = &token{scopes: scopes, expires: now.Add(t.lifetime)}
	return value, scopes, nil
}

// allows reports whether value is a live token, issued and not revoked, unexpired at
// now, whose scopes hold api or one of want.
func (t *tokens) allows(value string, want []string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	tk, ok := t.byHash[sha256.Sum256([]byte(value))]
	if !ok || !now.Before(tk.expires) {
		return false
	}
	return slices.Contains(tk.scopes, "api") || slices.ContainsFunc(want, func(s string) bool { return slices.Contains(tk.scopes, s) })
}

// revokeAll revokes every token issued so far: it forgets them.
func (t *tokens) revokeAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	clear(t.byHash)
}
