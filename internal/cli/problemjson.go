package cli

// problemJSON is one problem of an input in the JSON error object of a
// usage or input error (writeErrorJSON): where it is and what is wrong.
type problemJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Path    string `json:"path"`
	Message string `json:"message"`
}
