// Command gazbuild generates internal/geo/data/gazetteer.bin.gz, the compact gazetteer that
// package geo embeds, from the GeoNames, Who's On First, IBGE and Natural Earth files in the
// shared gazetteer folder plus the project's own countries.tsv and supplement.tsv. It runs from
// `go generate ./internal/geo`; see package geo for the file format.
//
// Why a generator and not a runtime import: a fresh clone must geocode with nothing but the
// binary, and the raw sources (~50 MB compressed, all scripts) are mostly names we never match.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"flag"
	"io"
	"log"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/sitrep-dev/sitrep/internal/geo/names"
	"golang.org/x/text/unicode/norm"
)

// Source flags stored with each place (low 3 bits), plus feature bits. Keep in sync with geo.
const (
	srcGeoNames  = 1
	srcWOF       = 2
	srcIBGE      = 3
	srcSupp      = 4
	srcAdmin     = 5
	srcCountry   = 6
	flagSeat     = 1 << 3 // capital or admin seat (PPLC, PPLA*)
	flagSection  = 1 << 4 // part of a town: PPLX, WOF neighbourhood
	flagSite     = 1 << 5 // supplement site that is not a town (camp, base, dam...)
	flagReviewed = 1 << 6 // a GeoNames town the supplement vouches for
)

type place struct {
	gid      int
	name     string
	lat, lon float64
	cc       int // index in countries
	a1, a2   int // index+1, 0 none
	level    byte
	flags    byte
	pop      int
}

type builder struct {
	countries []country
	ccIdx     map[string]int
	a1        []admin // admin1 units
	a1Idx     map[string]int
	a2        []admin
	a2Idx     map[string]int
	places    []place
	post      map[string]map[int32]bool // key -> place -> primary
	byGID     map[int]int32
	polys     map[string][]poly // by iso2
}

type country struct {
	iso2, iso3, name string
	aliases          []string
}

type admin struct {
	code, name string
	display    string // English name for output (Natural Earth name_en, ASCII), "" to use name
	gid        int    // GeoNames id of the unit, to merge Who's On First names
	cc         int
	alts       []string
	lat, lon   float64
	hasPt      bool
	sumLat     float64
	sumLon     float64
	n          int
}

func main() {
	in := flag.String("in", "", "gazetteer source folder (default ../shared/gazetteer relative to the repo root)")
	data := flag.String("data", "", "internal/geo/data folder (default: found from the working directory)")
	flag.Parse()
	root := repoRoot()
	if *in == "" {
		*in = filepath.Join(root, "..", "shared", "gazetteer")
	}
	if *data == "" {
		*data = filepath.Join(root, "internal", "geo", "data")
	}
	b := &builder{ccIdx: map[string]int{}, a1Idx: map[string]int{}, a2Idx: map[string]int{},
		post: map[string]map[int32]bool{}, byGID: map[int]int32{}, polys: map[string][]poly{}}
	b.readCountries(filepath.Join(*data, "countries.tsv"))
	b.readAdmins(filepath.Join(*in, "geonames-admin1CodesASCII.txt"), filepath.Join(*in, "geonames-admin2Codes.txt"))
	b.readNE(filepath.Join(*in, "ne_10m_admin_1_states_provinces.geojson.gz"))
	b.readCities(filepath.Join(*in, "geonames-cities500-20230305.txt.gz"))
	b.readSupplement(filepath.Join(*data, "supplement.tsv"))
	b.readWOF(filepath.Join(*in, "wof-admin-places-30cc.tsv.gz"))
	b.readWOFRegions(filepath.Join(*in, "wof-admin-places-30cc.tsv.gz"))
	b.readIBGE(filepath.Join(*in, "br-ibge-municipios.csv"))
	b.addAdminsAndCountries()
	out := filepath.Join(*data, "gazetteer.bin.gz")
	if err := b.write(out); err != nil {
		log.Fatal(err)
	}
	st, _ := os.Stat(out)
	log.Printf("wrote %s: %d places, %d keys, %d bytes", out, len(b.places), len(b.post), st.Size())
}

func repoRoot() string {
	dir, _ := os.Getwd()
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

func open(path string) io.ReadCloser {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	if !strings.HasSuffix(path, ".gz") {
		return f
	}
	z, err := gzip.NewReader(f)
	if err != nil {
		log.Fatal(err)
	}
	return struct {
		io.Reader
		io.Closer
	}{z, f}
}

func lines(path string, fn func(cols []string)) {
	r := open(path)
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || l[0] == '#' {
			continue
		}
		fn(strings.Split(l, "\t"))
	}
	if err := sc.Err(); err != nil {
		log.Fatal(path, ": ", err)
	}
}

func (b *builder) readCountries(path string) {
	lines(path, func(c []string) {
		if len(c) < 3 {
			return
		}
		co := country{iso2: c[0], iso3: c[1], name: c[2]}
		if len(c) > 3 && c[3] != "" {
			co.aliases = strings.Split(c[3], "|")
		}
		b.ccIdx[co.iso2] = len(b.countries)
		b.countries = append(b.countries, co)
	})
}

// cc returns the country index, adding a bare entry for territories the table lacks so that
// every GeoNames place keeps its country code.
func (b *builder) cc(iso2 string) int {
	if i, ok := b.ccIdx[iso2]; ok {
		return i
	}
	b.ccIdx[iso2] = len(b.countries)
	b.countries = append(b.countries, country{iso2: iso2, iso3: "", name: iso2})
	return len(b.countries) - 1
}

func (b *builder) readAdmins(a1path, a2path string) {
	lines(a1path, func(c []string) {
		if len(c) < 3 {
			return
		}
		cc := c[0][:2]
		b.a1Idx[c[0]] = len(b.a1)
		a := admin{code: c[0], name: c[1], cc: b.cc(cc), alts: []string{c[2]}}
		if len(c) > 3 {
			a.gid = atoi(c[3])
		}
		b.a1 = append(b.a1, a)
	})
	lines(a2path, func(c []string) {
		if len(c) < 3 {
			return
		}
		b.a2Idx[c[0]] = len(b.a2)
		b.a2 = append(b.a2, admin{code: c[0], name: c[1], cc: b.cc(c[0][:2]), alts: []string{c[2]}})
	})
}

func (b *builder) addKey(name string, id int32, primary bool) {
	if !names.IsLatin(name) {
		return
	}
	k := names.Key(name)
	if len(k) < 2 || len(k) > 60 {
		return
	}
	m := b.post[k]
	if m == nil {
		m = map[int32]bool{}
		b.post[k] = m
	}
	m[id] = m[id] || primary
}

func (b *builder) add(p place, primary []string, alts []string) int32 {
	id := int32(len(b.places))
	b.places = append(b.places, p)
	for _, n := range primary {
		b.addKey(n, id, true)
	}
	for _, n := range alts {
		b.addKey(n, id, false)
	}
	return id
}

func atof(s string) float64 { f, _ := strconv.ParseFloat(s, 64); return f }
func atoi(s string) int     { i, _ := strconv.Atoi(s); return i }

func (b *builder) readCities(path string) {
	lines(path, func(c []string) {
		if len(c) < 15 {
			return
		}
		p := place{gid: atoi(c[0]), name: c[1], lat: atof(c[4]), lon: atof(c[5]), cc: b.cc(c[8]), level: 3, flags: srcGeoNames, pop: atoi(c[14])}
		if !names.IsLatin(p.name) || p.name == "" {
			p.name = c[2]
		}
		if i, ok := b.a1Idx[c[8]+"."+c[10]]; ok {
			p.a1 = i + 1
			a := &b.a1[i]
			a.sumLat += p.lat
			a.sumLon += p.lon
			a.n++
		}
		if i, ok := b.a2Idx[c[8]+"."+c[10]+"."+c[11]]; ok {
			p.a2 = i + 1
			a := &b.a2[i]
			a.sumLat += p.lat
			a.sumLon += p.lon
			a.n++
		}
		switch {
		case c[7] == "PPLC" || strings.HasPrefix(c[7], "PPLA"):
			p.flags |= flagSeat
		case c[7] == "PPLX":
			p.flags |= flagSection
		}
		var alts []string
		if c[3] != "" {
			alts = strings.Split(c[3], ",")
		}
		id := b.add(p, []string{c[1], c[2]}, alts)
		b.byGID[p.gid] = id
	})
}

func splitAlts(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

// readWOF adds the Who's On First villages and neighbourhoods that cities500 lacks, and merges
// the Latin alternate names of those it has.
func (b *builder) readWOF(path string) {
	first := true
	lines(path, func(c []string) {
		if first {
			first = false
			return
		}
		if len(c) < 12 || c[8] != "1" {
			return
		}
		var level, flags byte = 3, srcWOF
		switch c[1] {
		case "locality", "localadmin", "borough":
		case "neighbourhood":
			flags |= flagSection
		case "county":
			level = 2
		default:
			return
		}
		alts := append(splitAlts(c[11]), c[9])
		if gid := atoi(c[6]); gid != 0 {
			if id, ok := b.byGID[gid]; ok {
				for _, n := range append(alts, c[3]) {
					b.addKey(n, id, false)
				}
				return
			}
		}
		p := place{gid: atoi(c[6]), name: c[3], lat: atof(c[4]), lon: atof(c[5]), cc: b.cc(c[2]), level: level, flags: flags}
		if !names.IsLatin(p.name) {
			if c[9] == "" || !names.IsLatin(c[9]) {
				return
			}
			p.name = c[9]
		}
		p.a1 = b.pip(c[2], p.lat, p.lon)
		id := b.add(p, []string{c[3], c[9]}, alts)
		if p.gid != 0 {
			b.byGID[p.gid] = id
		}
	})
}

func (b *builder) readIBGE(path string) {
	r := open(path)
	defer r.Close()
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	added := 0
	for _, c := range rows[1:] {
		p := place{name: c[1], lat: atof(c[2]), lon: atof(c[3]), cc: b.cc("BR"), level: 3, flags: srcIBGE}
		if b.near(names.Key(p.name), p.lat, p.lon, 20) >= 0 {
			continue
		}
		p.a1 = b.pip("BR", p.lat, p.lon)
		b.add(p, []string{p.name}, nil)
		added++
	}
	log.Printf("IBGE: %d municipalities added", added)
}

// near returns a place with key k within km of the point, or -1.
func (b *builder) near(k string, lat, lon, km float64) int32 {
	for id := range b.post[k] {
		p := &b.places[id]
		if p.level == 3 && dist(lat, lon, p.lat, p.lon) <= km {
			return id
		}
	}
	return -1
}

func dist(lat1, lon1, lat2, lon2 float64) float64 {
	const r = math.Pi / 180
	d := 0.5 - math.Cos((lat2-lat1)*r)/2 + math.Cos(lat1*r)*math.Cos(lat2*r)*(1-math.Cos((lon2-lon1)*r))/2
	return 12742 * math.Asin(math.Sqrt(math.Max(0, d)))
}

// readSupplement adds the reviewed conflict sites. A supplement town that cities500 already has
// (same name within 15 km) only lends its aliases, so it keeps its GeoNames id.
func (b *builder) readSupplement(path string) {
	lines(path, func(c []string) {
		if len(c) < 7 {
			log.Fatalf("supplement: bad line %q", strings.Join(c, "\t"))
		}
		p := place{name: c[0], lat: atof(c[2]), lon: atof(c[3]), cc: b.cc(c[4]), level: 3, flags: srcSupp}
		if c[6] != "town" {
			p.flags |= flagSite
		}
		alts := splitAlts(c[1])
		if c[6] == "town" {
			if id := b.near(names.Key(c[0]), p.lat, p.lon, 15); id >= 0 {
				b.places[id].flags |= flagReviewed
				b.places[id].name = c[0] // the name reports use: Kobani, not 'Ayn al 'Arab
				for _, a := range alts {
					b.addKey(a, id, true)
				}
				return
			}
		}
		if c[5] != "" {
			i, ok := b.a1Idx[c[5]]
			if !ok {
				log.Fatalf("supplement: unknown admin1 %q", c[5])
			}
			p.a1 = i + 1
		} else {
			p.a1 = b.pip(c[4], p.lat, p.lon)
		}
		b.add(p, []string{c[0]}, alts)
	})
}

// adminWords are the generic words that admin unit names carry in some sources and not in
// others ("Homs Governorate", "Muhafazat Hims", "Kharkivs'ka Oblast'"); names are indexed with
// and without them.
var adminWords = map[string]bool{
	"governorate": true, "province": true, "provincia": true, "state": true, "region": true,
	"oblast": true, "oblast'": true, "muhafazat": true, "wilayah": true, "wilayat": true, "department": true,
	"departamento": true, "district": true, "county": true, "raion": true, "rayon": true,
	"municipality": true, "municipio": true, "prefecture": true, "division": true, "estado": true,
	"de": true, "of": true, "city": true, "territory": true, "mintaqat": true, "qada": true,
}

func stripAdmin(n string) string {
	var keep []string
	for _, w := range strings.Fields(strings.NewReplacer("-", " ", ",", " ").Replace(n)) {
		if !adminWords[strings.ToLower(w)] {
			keep = append(keep, w)
		}
	}
	return strings.Join(keep, " ")
}

// similar reports whether two admin names are spellings of one name (names.Similar on their
// keys without admin words): "Beirut"/"Beyrouth" yes, "Mizdah"/"Jabal al Gharbi" no.
func similar(a, b string) bool {
	return names.Similar(names.Key(stripAdmin(a)), names.Key(stripAdmin(b)))
}

// asciiName strips accents and maps the letters NFKD does not decompose ("Diyarbakır" →
// "Diyarbakir"), keeping case, spaces and punctuation, so output names read the same in any
// tool that drops non-ASCII characters.
func asciiName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < 128:
			b.WriteRune(r)
		default:
			switch r {
			case 'ı':
				b.WriteByte('i')
			case 'İ':
				b.WriteByte('I')
			case 'ß':
				b.WriteString("ss")
			case 'ł':
				b.WriteByte('l')
			case 'Ł':
				b.WriteByte('L')
			case 'ø':
				b.WriteByte('o')
			case 'Ø':
				b.WriteByte('O')
			case 'đ':
				b.WriteByte('d')
			case 'Đ':
				b.WriteByte('D')
			case 'æ':
				b.WriteString("ae")
			case '’', '‘', 'ʼ', 'ʻ', 'ʿ', 'ʾ', '`':
				b.WriteByte('\'')
			case 'ə':
				b.WriteByte('a')
			case 'Ə':
				b.WriteByte('A')
			default:
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// readWOFRegions merges the Latin names of Who's On First regions into the GeoNames admin1
// unit with the same GeoNames id: WOF carries the spellings news and aid agencies use
// ("Idleb", "Al-Hasakeh") that GeoNames' admin1 file lacks.
func (b *builder) readWOFRegions(path string) {
	byGID := map[int]int{}
	for i, a := range b.a1 {
		if a.gid != 0 {
			byGID[a.gid] = i
		}
	}
	first := true
	n := 0
	lines(path, func(c []string) {
		if first {
			first = false
			return
		}
		if len(c) < 12 || c[1] != "region" || c[8] != "1" {
			return
		}
		i, ok := byGID[atoi(c[6])]
		if !ok || b.a1[i].cc != b.cc(c[2]) {
			return
		}
		for _, n := range append(splitAlts(c[11]), c[3], c[9]) {
			if n != "" && names.IsLatin(n) {
				b.a1[i].alts = append(b.a1[i].alts, n)
			}
		}
		n++
	})
	log.Printf("WOF: names of %d admin1 regions merged", n)
}

func (b *builder) addAdminsAndCountries() {
	for i := range b.a1 {
		a := &b.a1[i]
		if !a.hasPt {
			if a.n == 0 {
				continue
			}
			a.lat, a.lon = a.sumLat/float64(a.n), a.sumLon/float64(a.n)
		}
		prim := []string{a.name, stripAdmin(a.name)}
		if a.display != "" {
			prim = append(prim, a.display, stripAdmin(a.display))
			a.name = a.display
		}
		p := place{name: a.name, lat: a.lat, lon: a.lon, cc: a.cc, a1: i + 1, level: 1, flags: srcAdmin}
		var alts []string
		for _, n := range a.alts {
			alts = append(alts, n, stripAdmin(n))
		}
		b.add(p, prim, alts)
	}
	for i := range b.a2 {
		a := &b.a2[i]
		if a.n == 0 {
			continue
		}
		p := place{name: a.name, lat: a.sumLat / float64(a.n), lon: a.sumLon / float64(a.n), cc: a.cc, a2: i + 1, level: 2, flags: srcAdmin}
		code := a.code[:strings.LastIndexByte(a.code, '.')]
		if j, ok := b.a1Idx[code]; ok {
			p.a1 = j + 1
		}
		var alts []string
		for _, n := range a.alts {
			alts = append(alts, n, stripAdmin(n))
		}
		b.add(p, []string{a.name, stripAdmin(a.name)}, alts)
	}
	// Country points: mean of the admin1 points, good enough for precision-3 rows.
	sum := make([][3]float64, len(b.countries))
	for _, a := range b.a1 {
		if a.hasPt || a.n > 0 {
			lat, lon := a.lat, a.lon
			if !a.hasPt {
				lat, lon = a.sumLat/float64(a.n), a.sumLon/float64(a.n)
			}
			sum[a.cc][0] += lat
			sum[a.cc][1] += lon
			sum[a.cc][2]++
		}
	}
	for i, c := range b.countries {
		if c.iso3 == "" || sum[i][2] == 0 {
			continue
		}
		p := place{name: c.name, lat: sum[i][0] / sum[i][2], lon: sum[i][1] / sum[i][2], cc: i, level: 0, flags: srcCountry}
		b.add(p, []string{c.name}, c.aliases)
	}
}

func (b *builder) write(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	z, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	w := bufio.NewWriterSize(z, 1<<20)
	var tmp [binary.MaxVarintLen64]byte
	uv := func(x uint64) { w.Write(tmp[:binary.PutUvarint(tmp[:], x)]) }
	sv := func(x int64) { w.Write(tmp[:binary.PutVarint(tmp[:], x)]) }
	str := func(s string) { uv(uint64(len(s))); w.WriteString(s) }
	w.WriteString("SITREPGAZ1")
	uv(uint64(len(b.countries)))
	for _, c := range b.countries {
		str(c.iso2)
		str(c.iso3)
		str(c.name)
	}
	uv(uint64(len(b.a1)))
	for _, a := range b.a1 {
		uv(uint64(a.cc))
		str(a.name)
	}
	uv(uint64(len(b.a2)))
	for _, a := range b.a2 {
		str(a.name)
	}
	uv(uint64(len(b.places)))
	for _, p := range b.places {
		uv(uint64(p.gid))
		str(p.name)
		sv(int64(math.Round(p.lat * 1e4)))
		sv(int64(math.Round(p.lon * 1e4)))
		uv(uint64(p.cc))
		uv(uint64(p.a1))
		uv(uint64(p.a2))
		w.WriteByte(p.level)
		w.WriteByte(p.flags)
		uv(uint64(p.pop))
	}
	keys := make([]string, 0, len(b.post))
	for k := range b.post {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	uv(uint64(len(keys)))
	ids := make([]int32, 0, 64)
	for _, k := range keys {
		str(k)
		m := b.post[k]
		ids = ids[:0]
		for id := range m {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		uv(uint64(len(ids)))
		prev := int32(0)
		for _, id := range ids {
			x := uint64(id-prev) << 1
			if m[id] {
				x |= 1
			}
			uv(x)
			prev = id
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := z.Close(); err != nil {
		return err
	}
	return f.Close()
}

// --- Natural Earth admin-1 polygons -----------------------------------------------------

type poly struct {
	a1                     int // index+1
	minX, minY, maxX, maxY float64
	rings                  [][][2]float64
}

func (b *builder) readNE(path string) {
	r := open(path)
	defer r.Close()
	var fc struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
			Geometry   struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.NewDecoder(r).Decode(&fc); err != nil {
		log.Fatal(err)
	}
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	for _, f := range fc.Features {
		code := str(f.Properties, "gn_a1_code")
		i, ok := b.a1Idx[code]
		if !ok {
			continue
		}
		a := &b.a1[i]
		for _, k := range []string{"name", "name_en", "gns_name", "woe_name"} {
			if s := str(f.Properties, k); s != "" {
				a.alts = append(a.alts, s)
			}
		}
		a.alts = append(a.alts, strings.Split(str(f.Properties, "name_alt"), "|")...)
		// Output the English name: GeoNames' admin1 names are often local or French
		// ("Beyrouth", "Muhafazat Hadramaout") where English reports say "Beirut".
		// Natural Earth's units do not always match GeoNames' (Libya's districts): take
		// the English name only when it is a spelling of the GeoNames name.
		if en := str(f.Properties, "name_en"); a.display == "" && en != "" && names.IsLatin(en) && similar(en, a.name) {
			a.display = asciiName(en)
		}
		lat, _ := f.Properties["latitude"].(float64)
		lon, _ := f.Properties["longitude"].(float64)
		if lat != 0 || lon != 0 {
			a.lat, a.lon, a.hasPt = lat, lon, true
		}
		var polys [][][][2]float64
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][2]float64
			if json.Unmarshal(f.Geometry.Coordinates, &p) == nil {
				polys = append(polys, p)
			}
		case "MultiPolygon":
			json.Unmarshal(f.Geometry.Coordinates, &polys)
		}
		cc := code[:2]
		for _, rings := range polys {
			p := poly{a1: i + 1, rings: rings, minX: 999, minY: 999, maxX: -999, maxY: -999}
			for _, pt := range rings[0] {
				p.minX, p.maxX = math.Min(p.minX, pt[0]), math.Max(p.maxX, pt[0])
				p.minY, p.maxY = math.Min(p.minY, pt[1]), math.Max(p.maxY, pt[1])
			}
			b.polys[cc] = append(b.polys[cc], p)
		}
	}
}

// pip returns the admin1 (index+1) of the country's polygon containing the point, or of the
// nearest polygon box when none does (coastal villages fall outside 1:10m outlines).
func (b *builder) pip(cc string, lat, lon float64) int {
	best, bestD := 0, math.Inf(1)
	for i := range b.polys[cc] {
		p := &b.polys[cc][i]
		dx := math.Max(0, math.Max(p.minX-lon, lon-p.maxX))
		dy := math.Max(0, math.Max(p.minY-lat, lat-p.maxY))
		if dx == 0 && dy == 0 && inside(p.rings, lon, lat) {
			return p.a1
		}
		if d := dx*dx + dy*dy; d < bestD && d > 0 {
			best, bestD = p.a1, d
		}
	}
	if bestD < 0.25 { // within ~50 km of a box
		return best
	}
	return 0
}

func inside(rings [][][2]float64, x, y float64) bool {
	in := false
	for _, r := range rings { // holes toggle back
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			if (r[i][1] > y) != (r[j][1] > y) && x < (r[j][0]-r[i][0])*(y-r[i][1])/(r[j][1]-r[i][1])+r[i][0] {
				in = !in
			}
		}
	}
	return in
}
