package alerttest

import (
	"testing"

	"github.com/sitrep-dev/sitrep/internal/alert"
)

func TestMemStore(t *testing.T) { Store(t, alert.NewMemStore()) }
