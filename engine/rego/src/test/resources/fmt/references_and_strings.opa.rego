package refs

a := input.foo
b := input["foo-bar"]
c := input.x[0].y
d := `raw \n string`
e := "esc\taped"
g := data.refs.a
