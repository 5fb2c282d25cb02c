# METADATA
# title: The package
package meta

# METADATA
# title: Deny
# description: denies
deny contains "d" if input.bad
