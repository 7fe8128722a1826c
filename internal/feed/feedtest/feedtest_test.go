package feedtest

import (
	"testing"

	"github.com/sitrep-dev/sitrep/internal/feed"
)

func TestMemoryStore(t *testing.T) {
	StateStore(t, &feed.MemoryStore{})
}
