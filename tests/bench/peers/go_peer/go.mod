module rill/bench/gopeer

go 1.19
