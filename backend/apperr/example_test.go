package apperr_test

import (
	"errors"
	"fmt"

	"hearth/backend/apperr"
)

func Example() {
	// A domain package words what needs its data; callers wrap it with context.
	worded := apperr.Wrap(apperr.NotFound, errors.New("sql: no rows in result set"), "That memory was not found in this module.")
	err := fmt.Errorf("forget memory: %w", worded)
	fmt.Println(apperr.Code(err), "|", apperr.Message(err))
	fmt.Println("log:", err)

	// Nobody worded this one: the person sees the plain sentence, never its text.
	err = fmt.Errorf("open /home/ann/.config/Hearth/x: permission denied")
	fmt.Println(apperr.Code(err), "|", apperr.Message(err))
	// Output:
	// not-found | That memory was not found in this module.
	// log: forget memory: sql: no rows in result set
	// error | Something went wrong; the details are in the log.
}
