select (dfunc()).*;
