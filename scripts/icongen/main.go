// Command icongen renders Hearth's one icon source (build/appicon.svg) into
// the PNG and ICO files Wails and the packages need, so no rendering is ever
// exported by hand. It uses a pure-Go SVG rasteriser (oksvg + rasterx).
//
//	icongen -svg build/appicon.svg -png build/appicon.png:1024 \
//	        -ico build/windows/icon.ico -hicolor DIR -name hearth
//
// -png may repeat (PATH:SIZE); -hicolor writes DIR/NxN/apps/NAME.png for the
// sizes desktop environments look up; -ico writes a multi-size Windows icon.
package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/srwiley/oksvg"
	"github.com/srwiley/rasterx"
)

// hicolorSizes are the fixed-size folders of the hicolor icon theme that
// menus, docks and task bars ask for.
var hicolorSizes = []int{16, 22, 24, 32, 48, 64, 128, 256, 512}

// icoSizes are the images Windows picks from for title bars, the task bar,
// Explorer and the Start menu.
var icoSizes = []int{16, 24, 32, 48, 64, 128, 256}

type pngList []string

func (p *pngList) String() string     { return strings.Join(*p, ",") }
func (p *pngList) Set(v string) error { *p = append(*p, v); return nil }

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "icongen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("icongen", flag.ContinueOnError)
	src := fs.String("svg", "", "the SVG source")
	ico := fs.String("ico", "", "write a Windows .ico here")
	hicolor := fs.String("hicolor", "", "write hicolor theme PNGs under this folder")
	name := fs.String("name", "hearth", "icon name in the hicolor theme")
	var pngs pngList
	fs.Var(&pngs, "png", "PATH:SIZE of a square PNG to write (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *src == "" {
		return errors.New("-svg is required")
	}
	svg, err := os.ReadFile(*src)
	if err != nil {
		return fmt.Errorf("read source: %w", err)
	}
	for _, p := range pngs {
		i := strings.LastIndex(p, ":")
		if i < 0 {
			return fmt.Errorf("-png %q: want PATH:SIZE", p)
		}
		size, err := strconv.Atoi(p[i+1:])
		if err != nil || size < 1 {
			return fmt.Errorf("-png %q: bad size", p)
		}
		if err := writePNG(svg, p[:i], size); err != nil {
			return err
		}
	}
	if *hicolor != "" {
		for _, size := range hicolorSizes {
			path := filepath.Join(*hicolor, fmt.Sprintf("%dx%d", size, size), "apps", *name+".png")
			if err := writePNG(svg, path, size); err != nil {
				return err
			}
		}
	}
	if *ico != "" {
		if err := writeICO(svg, *ico); err != nil {
			return err
		}
	}
	return nil
}

// render rasterises the SVG into a size×size image.
func render(svg []byte, size int) (*image.RGBA, error) {
	icon, err := oksvg.ReadIconStream(bytes.NewReader(svg), oksvg.StrictErrorMode)
	if err != nil {
		return nil, fmt.Errorf("parse svg: %w", err)
	}
	icon.SetTarget(0, 0, float64(size), float64(size))
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	scanner := rasterx.NewScannerGV(size, size, img, img.Bounds())
	icon.Draw(rasterx.NewDasher(size, size, scanner), 1)
	return img, nil
}

func encodePNG(svg []byte, size int) ([]byte, error) {
	img, err := render(svg, size)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode %dpx png: %w", size, err)
	}
	return buf.Bytes(), nil
}

func writePNG(svg []byte, path string, size int) error {
	data, err := encodePNG(svg, size)
	if err != nil {
		return err
	}
	return writeFile(path, data)
}

// writeICO writes an ICO whose entries are PNG images (supported since
// Windows Vista): a 6-byte header, a 16-byte entry per image, then the images.
func writeICO(svg []byte, path string) error {
	var head, body bytes.Buffer
	le := binary.LittleEndian
	binary.Write(&head, le, [3]uint16{0, 1, uint16(len(icoSizes))})
	offset := 6 + 16*len(icoSizes)
	for _, size := range icoSizes {
		data, err := encodePNG(svg, size)
		if err != nil {
			return err
		}
		dim := uint8(size % 256) // 0 means 256
		binary.Write(&head, le, struct {
			W, H, Colours, Reserved uint8
			Planes, BitCount        uint16
			Size, Offset            uint32
		}{dim, dim, 0, 0, 1, 32, uint32(len(data)), uint32(offset)})
		body.Write(data)
		offset += len(data)
	}
	return writeFile(path, append(head.Bytes(), body.Bytes()...))
}

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create folder for %s: %w", path, err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
