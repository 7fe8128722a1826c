package export

import (
	"bytes"
	"encoding/json"
	"io"
	"math"

	"github.com/sitrep-dev/sitrep/internal/event"
)

// GeoJSON writes a FeatureCollection of Points, one Feature per event whose properties are
// the event record itself, for QGIS, Leaflet and the like. Events without coordinates cannot
// be drawn and are skipped; Skipped says how many, so that a caller can tell the user.
type GeoJSON struct {
	w       io.Writer
	started bool
	buf     bytes.Buffer
	enc     *json.Encoder
	Skipped int
}

// NewGeoJSON returns a GeoJSON writer. Nothing is written until the first event or Close.
func NewGeoJSON(w io.Writer) *GeoJSON {
	g := &GeoJSON{w: w}
	g.enc = json.NewEncoder(&g.buf)
	g.enc.SetEscapeHTML(false)
	return g
}

type feature struct {
	Type       string `json:"type"`
	Geometry   point  `json:"geometry"`
	Properties any    `json:"properties"` // event.Event, or Record for merged events
}

type point struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"` // longitude first, as GeoJSON requires
}

const geoJSONHead = `{"type":"FeatureCollection","features":[` + "\n"

// Write writes one feature, one a line so that the file stays readable and diffable.
func (g *GeoJSON) Write(ev event.Event) error { return g.write(ev, record(ev)) }

// WriteRecord writes one merged event; its properties gain doc_ids, sources and
// fatalities_best.
func (g *GeoJSON) WriteRecord(r Record) error { return g.write(r.Event, r.norm()) }

func (g *GeoJSON) write(ev event.Event, props any) error {
	if ev.Latitude == nil || ev.Longitude == nil || !finite(*ev.Latitude) || !finite(*ev.Longitude) {
		g.Skipped++
		return nil
	}
	g.buf.Reset()
	if !g.started {
		g.buf.WriteString(geoJSONHead)
		g.started = true
	} else {
		g.buf.WriteString(",\n")
	}
	f := feature{
		Type:       "Feature",
		Geometry:   point{Type: "Point", Coordinates: [2]float64{*ev.Longitude, *ev.Latitude}},
		Properties: props,
	}
	if err := g.enc.Encode(f); err != nil {
		return err
	}
	g.buf.Truncate(g.buf.Len() - 1) // Encode's newline; the separator supplies it
	_, err := g.w.Write(g.buf.Bytes())
	return err
}

// Close ends the collection.
func (g *GeoJSON) Close() error {
	end := "\n]}\n"
	if !g.started {
		end = geoJSONHead + "]}\n"
	}
	_, err := io.WriteString(g.w, end)
	return err
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
