package arn

import "slices"

// partitions are the AWS partitions, sorted, as the AWS SDKs' endpoint data
// (partitions.json) lists them.
var partitions = []string{
	"aws",        // commercial regions
	"aws-cn",     // China
	"aws-eusc",   // European Sovereign Cloud
	"aws-iso",    // US ISO
	"aws-iso-b",  // US ISOB
	"aws-iso-e",  // EU ISOE
	"aws-iso-f",  // US ISOF
	"aws-us-gov", // GovCloud (US)
}

// KnownPartition reports whether p is the name of an AWS partition: aws,
// aws-cn, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f or aws-us-gov.
// The comparison is exact (partition names are lower case).
func KnownPartition(p string) bool {
	switch p {
	case "aws", "aws-cn", "aws-eusc", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-us-gov":
		return true
	}
	return false
}

// Partitions returns the names KnownPartition accepts, sorted. The caller
// owns the slice.
func Partitions() []string { return slices.Clone(partitions) }
