package cli

// The reports' JSON as these tests read it back: the fields they check,
// named as the contract names them (the reporters are in lint and suite).

type lintJSON struct {
	Counts struct {
		Total int `json:"total"`
	} `json:"counts"`
	Findings        []lintFindingJSON `json:"findings"`
	FindingsOmitted int               `json:"findingsOmitted"`
	Rules           []struct {
		Code  string `json:"code"`
		Count int    `json:"count"`
	} `json:"rules"`
}

type lintFindingJSON struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
}

type sarifLog struct {
	Runs []struct {
		Results     []struct{} `json:"results"`
		Invocations []struct {
			ExecutionSuccessful        bool `json:"executionSuccessful"`
			ToolExecutionNotifications []struct {
				Level   string `json:"level"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
	} `json:"runs"`
}

type testJSON struct {
	Suites []struct {
		Errors        []struct{} `json:"errors"`
		ErrorsOmitted int        `json:"errorsOmitted"`
	} `json:"suites"`
}
