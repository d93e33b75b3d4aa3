select ''::bar.foo.buzz[5];
