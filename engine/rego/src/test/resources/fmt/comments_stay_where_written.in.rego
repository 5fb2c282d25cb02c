# a module comment
package comments

# above a rule
p if {
    # inside a body
    input.x # at the end of a line
}

q := 1 # after a rule
# trailing
