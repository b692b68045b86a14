module ${{ ('github.com/' + values.projectSlug) | dump }}

go 1.22
