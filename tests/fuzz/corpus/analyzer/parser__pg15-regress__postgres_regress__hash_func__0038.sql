SELECT hashfloat4('0'::float4) = hashfloat4('-0'::float4) AS t;
